import Glibc

/// Formats the `Date` header: RFC 1123 in GMT (`Sun, 06 Nov 1994 08:49:37 GMT`),
/// without `DateFormatter`, whose locale handling is not needed here.
enum HTTPDate {
  private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
  private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// The given moment (seconds since 1970), or now.
  static func string(secondsSince1970: Int = time(nil)) -> String {
    var seconds = time_t(secondsSince1970)
    var parts = tm()
    guard gmtime_r(&seconds, &parts) != nil else { return "Thu, 01 Jan 1970 00:00:00 GMT" }
    let weekday = weekdays[Int(parts.tm_wday) % 7]
    let month = months[Int(parts.tm_mon) % 12]
    return "\(weekday), \(twoDigits(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
      + "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) GMT"
  }

  /// The `Date` value of the current second, formatted once per second:
  /// a connection keeps one and asks it for every response.
  struct Cache {
    private var second = -1
    private var text = ""

    mutating func now() -> String {
      let current = time(nil)
      if current != second {
        second = current
        text = HTTPDate.string(secondsSince1970: current)
      }
      return text
    }
  }

  private static func twoDigits(_ value: Int32) -> String {
    value < 10 ? "0\(value)" : "\(value)"
  }
}
