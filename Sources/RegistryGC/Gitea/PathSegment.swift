/// Percent-encoding for URL path segments and query values.
///
/// Only RFC 3986 unreserved characters stay as they are, so a `/` in an image
/// name becomes `%2F` (one segment, as Gitea requires) and `:` in a digest
/// becomes `%3A`, which Gitea decodes back. A whole `.` or `..` is encoded
/// too (`%2E`), so that no URL handling on the way takes it for a step up
/// the path: `/app/..` would otherwise become `/` and `/app/.` become
/// `/app/`, which on Gitea 1.26 names the whole package.
public enum PercentEncoding {
  /// `text` encoded for use as one path segment or one query value.
  public static func encode(_ text: String) -> String {
    if PathSegment.isDotSegment(text) { return String(repeating: "%2E", count: text.utf8.count) }
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      if isUnreserved(byte) {
        result.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
      }
    }
    return result
  }

  private static func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
      UInt8(ascii: "_"), UInt8(ascii: "~"):
      true
    default:
      false
    }
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}

/// Path segments as URL handling treats them.
public enum PathSegment {
  /// Whether `text` is `.` or `..`, which RFC 3986 resolution removes from
  /// a path rather than keeping as a name.
  public static func isDotSegment(_ text: String) -> Bool {
    text == "." || text == ".."
  }
}
