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
    let local = seconds + Int64(offsetSeconds)
    let days = floorDivide(local, 86_400)
    let secondOfDay = local - days * 86_400
    let (year, month, day) = civilDate(daysSinceEpoch: days)
    var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    text += "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay % 3600 / 60, 2)
    text += ":" + pad(secondOfDay % 60, 2)
    if offsetSeconds == 0 {
      return text + "Z"
    }
    let sign = offsetSeconds < 0 ? "-" : "+"
    let magnitude = abs(offsetSeconds)
    return text + sign + pad(Int64(magnitude / 3600), 2) + ":" + pad(Int64(magnitude % 3600 / 60), 2)
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

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}
