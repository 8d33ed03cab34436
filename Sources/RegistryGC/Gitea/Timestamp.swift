import Foundation

/// Parses the RFC 3339 timestamps Gitea writes in `created_at`.
///
/// Gitea renders times in the server's zone: `2026-05-24T16:07:50-04:00` or
/// `2026-05-24T20:07:50Z`, with no fraction; other servers and proxies add one.
/// The parser accepts `Z`/`z` or any `±hh:mm` offset, an optional fraction of
/// any length, and `T`/`t`/space between date and time. It uses no calendar or
/// host time zone, so results never depend on where the GC runs.
public enum Timestamp {
  /// The instant `text` names, or `nil` when it is not RFC 3339.
  public static func parse(_ text: String) -> Date? {
    var scanner = DigitScanner(Array(text.utf8))
    guard
      let year = scanner.digits(4), scanner.take(UInt8(ascii: "-")),
      let month = scanner.digits(2), scanner.take(UInt8(ascii: "-")),
      let day = scanner.digits(2),
      scanner.takeAny([UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")]),
      let hour = scanner.digits(2), scanner.take(UInt8(ascii: ":")),
      let minute = scanner.digits(2), scanner.take(UInt8(ascii: ":")),
      let second = scanner.digits(2)
    else { return nil }
    guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
      hour < 24, minute < 60, second < 61
    else { return nil }

    var fraction = 0.0
    if scanner.take(UInt8(ascii: ".")) {
      var scale = 0.1
      var count = 0
      while let digit = scanner.digit() {
        fraction += Double(digit) * scale
        scale /= 10
        count += 1
      }
      guard count > 0 else { return nil }
    }

    let offsetSeconds: Int
    if scanner.takeAny([UInt8(ascii: "Z"), UInt8(ascii: "z")]) {
      offsetSeconds = 0
    } else if let sign = scanner.signOf([UInt8(ascii: "+"), UInt8(ascii: "-")]) {
      guard let offsetHours = scanner.digits(2), scanner.take(UInt8(ascii: ":")),
        let offsetMinutes = scanner.digits(2), offsetHours < 24, offsetMinutes < 60
      else { return nil }
      offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
    } else {
      return nil
    }
    guard scanner.atEnd else { return nil }

    let days = daysSinceEpoch(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
    return Date(timeIntervalSince1970: Double(seconds) + fraction)
  }

  /// `date` in RFC 3339 at the given offset from UTC, whole seconds, `Z` for
  /// UTC: the shape Gitea writes.
  public static func format(_ date: Date, offsetSeconds: Int = 0) -> String {
    let total = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
    var days = total / 86_400
    var rest = total % 86_400
    if rest < 0 {
      rest += 86_400
      days -= 1
    }
    let (year, month, day) = civilDate(fromDays: days)
    let zone: String
    if offsetSeconds == 0 {
      zone = "Z"
    } else {
      let magnitude = abs(offsetSeconds)
      zone = (offsetSeconds < 0 ? "-" : "+") + pad(magnitude / 3600) + ":" + pad(magnitude % 3600 / 60)
    }
    return "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(rest / 3600)):\(pad(rest % 3600 / 60)):\(pad(rest % 60))\(zone)"
  }

  private static func pad(_ value: Int, _ width: Int = 2) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  private static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  // Howard Hinnant's days-from-civil algorithm, proleptic Gregorian calendar.
  private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func civilDate(fromDays days: Int) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}

private struct DigitScanner {
  let bytes: [UInt8]
  var index = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var atEnd: Bool { index == bytes.count }

  mutating func digit() -> Int? {
    guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
    defer { index += 1 }
    return Int(bytes[index] - UInt8(ascii: "0"))
  }

  mutating func digits(_ count: Int) -> Int? {
    var value = 0
    for _ in 0..<count {
      guard let next = digit() else { return nil }
      value = value * 10 + next
    }
    return value
  }

  mutating func take(_ byte: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  mutating func takeAny(_ choices: [UInt8]) -> Bool {
    guard index < bytes.count, choices.contains(bytes[index]) else { return false }
    index += 1
    return true
  }

  mutating func signOf(_ choices: [UInt8]) -> Int? {
    guard index < bytes.count, choices.contains(bytes[index]) else { return nil }
    defer { index += 1 }
    return bytes[index] == UInt8(ascii: "-") ? -1 : 1
  }
}
