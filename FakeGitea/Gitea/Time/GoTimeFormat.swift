import Foundation

/// Formats instants the way Go's `time.Time` marshals to JSON (RFC 3339 with
/// whole seconds, `Z` for a zero offset, otherwise `±hh:mm`).
enum GoTimeFormat {
  /// What Go writes for the zero `time.Time`.
  static let zeroTime = "0001-01-01T00:00:00Z"

  /// Whole Unix seconds of `date`, rounded down as Gitea's `TimeStamp` stores them.
  static func unixSeconds(_ date: Date) -> Int64 {
    Int64(date.timeIntervalSince1970.rounded(.down))
  }

  /// `seconds` since the epoch as RFC 3339 in a zone `offsetSeconds` east of UTC.
  static func rfc3339(unixSeconds seconds: Int64, offsetSeconds: Int) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(25)
    appendRFC3339(unixSeconds: seconds, offsetSeconds: offsetSeconds, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// ``rfc3339(unixSeconds:offsetSeconds:)`` written as UTF-8 onto `bytes`
  /// (list pages write one per row, so no strings are built).
  static func appendRFC3339(unixSeconds seconds: Int64, offsetSeconds: Int, to bytes: inout [UInt8]) {
    let local = seconds + Int64(offsetSeconds)
    let days = floorDivide(local, 86_400)
    let secondOfDay = local - days * 86_400
    let (year, month, day) = civilDate(daysSinceEpoch: days)
    appendPadded(year, 4, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendPadded(month, 2, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendPadded(day, 2, to: &bytes)
    bytes.append(UInt8(ascii: "T"))
    appendPadded(secondOfDay / 3600, 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    appendPadded(secondOfDay % 3600 / 60, 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    appendPadded(secondOfDay % 60, 2, to: &bytes)
    if offsetSeconds == 0 {
      bytes.append(UInt8(ascii: "Z"))
      return
    }
    bytes.append(offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
    let magnitude = abs(offsetSeconds)
    appendPadded(Int64(magnitude / 3600), 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    appendPadded(Int64(magnitude % 3600 / 60), 2, to: &bytes)
  }

  static func rfc3339(_ date: Date, offsetSeconds: Int) -> String {
    rfc3339(unixSeconds: unixSeconds(date), offsetSeconds: offsetSeconds)
  }

  private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor < 0) ? quotient - 1 : quotient
  }

  /// Howard Hinnant's `civil_from_days`.
  private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
    let shifted = daysSinceEpoch + 719_468
    let era = floorDivide(shifted, 146_097)
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  /// The decimal digits of `value` (with its sign), zeros in front up to `width` characters.
  private static func appendPadded(_ value: Int64, _ width: Int, to bytes: inout [UInt8]) {
    guard value >= 0 else {
      let digits = String(value)
      for _ in digits.utf8.count..<max(digits.utf8.count, width) { bytes.append(UInt8(ascii: "0")) }
      bytes.append(contentsOf: digits.utf8)
      return
    }
    var digitCount = 1
    var divisor: Int64 = 1
    while digitCount < 19, value / divisor >= 10 {
      digitCount += 1
      divisor *= 10
    }
    for _ in digitCount..<max(digitCount, width) { bytes.append(UInt8(ascii: "0")) }
    while divisor > 0 {
      bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
      divisor /= 10
    }
  }
}
