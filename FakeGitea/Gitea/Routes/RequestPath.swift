/// The path of a request as Gitea's router sees it: repeated and trailing
/// slashes removed from the raw (still escaped) path, split into segments,
/// each segment then percent-decoded on its own, so `%2F` stays inside a
/// segment.
struct RequestPath: Sendable {
  /// The raw path as sent (absolute-form targets reduced to their path).
  let raw: String
  /// `raw` after slash normalisation, still escaped.
  let normalized: String
  /// Escaped segments of `normalized`.
  let rawSegments: [String]
  /// Decoded segments, or `nil` when an escape is malformed (Go's server
  /// answers such a request line with 400).
  let segments: [String]?

  init(target: String) {
    var path = target
    if let mark = path.firstIndex(of: "?") { path = String(path[..<mark]) }
    for scheme in ["http://", "https://"] where path.lowercased().hasPrefix(scheme) {
      let afterScheme = path.dropFirst(scheme.count)
      path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
    }
    raw = path
    var collapsed = ""
    var previousWasSlash = false
    for character in path.reversed().drop(while: { $0 == "/" }).reversed() {
      if character != "/" || !previousWasSlash {
        collapsed.append(character)
      }
      previousWasSlash = character == "/"
    }
    normalized = collapsed.isEmpty ? "/" : collapsed
    rawSegments = normalized.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    var decoded: [String] = []
    var valid = true
    for segment in rawSegments {
      if let value = RequestPath.percentDecode(segment) {
        decoded.append(value)
      } else {
        valid = false
        break
      }
    }
    segments = valid ? decoded : nil
  }

  /// The whole normalised path, decoded (for the journal).
  var decoded: String {
    guard let segments else { return normalized }
    return "/" + segments.joined(separator: "/")
  }

  /// The raw path ended in `/` or had an empty segment that normalisation removed.
  var hadSlashesRemoved: Bool { raw != normalized }

  /// `url.PathUnescape`: `%XX` sequences decoded, `+` kept; `nil` on a
  /// malformed escape or bytes that are not UTF-8.
  /// With `plusAsSpace`, `+` becomes a space first (`url.QueryUnescape`).
  static func percentDecode<Text: StringProtocol>(_ text: Text, plusAsSpace: Bool = false) -> String? {
    let utf8 = text.utf8
    guard utf8.contains(UInt8(ascii: "%")) || (plusAsSpace && utf8.contains(UInt8(ascii: "+"))) else {
      return String(text)
    }
    var bytes: [UInt8] = []
    var iterator = Array(utf8)[...]
    while let byte = iterator.popFirst() {
      if byte == UInt8(ascii: "+") && plusAsSpace {
        bytes.append(UInt8(ascii: " "))
      } else if byte == UInt8(ascii: "%") {
        guard let high = iterator.popFirst().flatMap(hexValue), let low = iterator.popFirst().flatMap(hexValue)
        else { return nil }
        bytes.append(high << 4 | low)
      } else {
        bytes.append(byte)
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
