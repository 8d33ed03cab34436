import Foundation

/// The value of a `Retry-After` response header (RFC 9110 §10.2.3): either a
/// number of seconds or an HTTP date.
public enum RetryAfter: Sendable, Equatable {
  /// `Retry-After: 120`
  case seconds(Int)
  /// `Retry-After: Fri, 31 Dec 1999 23:59:59 GMT` (or one of the two obsolete
  /// date formats every recipient must accept).
  case date(Date)

  /// Parses a header value; `nil` when it is neither form.
  public init?(headerValue: String) {
    let text = headerValue.trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else { return nil }
    if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
      // Absurdly long numbers saturate instead of failing to parse.
      self = .seconds(Int(text) ?? Int.max)
      return
    }
    guard let date = Self.parseHTTPDate(text) else { return nil }
    self = .date(date)
  }

  /// How long to wait from `now`; a date in the past means no wait.
  public func delay(relativeTo now: Date) -> Duration {
    switch self {
    case .seconds(let seconds):
      return .seconds(seconds)
    case .date(let date):
      let interval = date.timeIntervalSince(now)
      guard interval > 0 else { return .zero }
      // Whole milliseconds are plenty, and stay well inside Duration's range.
      return .milliseconds(Int64(min(interval, 1e12) * 1000))
    }
  }

  /// IMF-fixdate first, then RFC 850 and asctime (RFC 9110 §5.6.7).
  private static let dateFormats = [
    "EEE, dd MMM yyyy HH:mm:ss 'GMT'",
    "EEEE, dd-MMM-yy HH:mm:ss 'GMT'",
    "EEE MMM d HH:mm:ss yyyy",
  ]

  private static func parseHTTPDate(_ text: String) -> Date? {
    // DateFormatter is not Sendable; Retry-After is rare enough to build one per call.
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    for format in dateFormats {
      formatter.dateFormat = format
      if let date = formatter.date(from: collapsed) { return date }
    }
    return nil
  }
}
