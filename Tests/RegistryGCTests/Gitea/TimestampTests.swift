import Foundation
import Testing

@testable import RegistryGC

@Suite("Timestamp: RFC 3339 as Gitea writes it")
struct TimestampTests {
  /// Text and the epoch second it names, checked against Python's
  /// `datetime.fromisoformat`.
  static let instants: [(String, Int)] = [
    ("2025-06-01T00:00:00Z", 1_748_736_000),
    ("2025-06-01T00:00:00z", 1_748_736_000),
    ("2025-06-01t00:00:00Z", 1_748_736_000),
    ("2025-06-01 00:00:00Z", 1_748_736_000),
    ("2026-05-24T16:07:50-04:00", 1_779_653_270),
    ("2026-05-24T20:07:50Z", 1_779_653_270),
    ("2026-05-24T20:07:50+00:00", 1_779_653_270),
    ("2026-05-24T20:07:50-00:00", 1_779_653_270),
    ("2024-02-29T12:00:00+05:30", 1_709_188_200),
    ("2026-01-01T00:30:00+14:00", 1_767_177_000),
    ("2025-12-31T13:30:00-12:00", 1_767_231_000),
    ("2025-06-01T09:45:00+09:45", 1_748_736_000),
    ("1999-12-31T23:59:59Z", 946_684_799),
    ("2000-01-01T00:00:00Z", 946_684_800),
    ("2000-02-29T00:00:00Z", 951_782_400),
    ("1970-01-01T00:00:00Z", 0),
    ("1969-12-31T23:59:59Z", -1),
    ("2038-01-19T03:14:08Z", 2_147_483_648),
    ("2100-03-01T00:00:00Z", 4_107_542_400),
    ("0001-01-01T00:00:00Z", -62_135_596_800),
    ("9999-12-31T23:59:59Z", 253_402_300_799),
    // A leap second is read as the second before it.
    ("2016-12-31T23:59:60Z", 1_483_228_799),
  ]

  @Test("parses to the exact epoch second", arguments: instants)
  func parsesToExactEpochSeconds(text: String, epoch: Int) throws {
    let date = try #require(Timestamp.parse(text))
    #expect(date.timeIntervalSince1970 == Double(epoch))
  }

  @Test func fractionsOfAnyLengthAreKept() throws {
    let cases: [(String, Double)] = [
      ("2025-06-01T00:00:00.5Z", 0.5),
      ("2025-06-01T00:00:00.25+00:00", 0.25),
      ("2025-06-01T02:00:00.125+02:00", 0.125),
      ("2025-06-01T00:00:00.000Z", 0),
      ("2025-06-01T00:00:00.999999999Z", 0.999999999),
      ("2025-06-01T00:00:00.0000000000000000001Z", 0),
    ]
    for (text, fraction) in cases {
      let date = try #require(Timestamp.parse(text), "\(text)")
      #expect(abs(date.timeIntervalSince1970 - (1_748_736_000 + fraction)) < 1e-6, "\(text)")
    }
  }

  @Test(
    "refuses text that is not RFC 3339",
    arguments: [
      "", "garbage", "2025-06-01", "2025-06-01T00:00:00", "2025-06-01T00:00Z", "2025-06-01T00:00:00ZZ",
      "2025-06-01T00:00:00Z ", " 2025-06-01T00:00:00Z", "2025-06-01X00:00:00Z", "2025/06/01T00:00:00Z",
      "25-06-01T00:00:00Z", "2025-6-01T00:00:00Z", "2025-06-1T00:00:00Z", "2025-06-01T0:00:00Z",
      "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-06-00T00:00:00Z", "2025-06-31T00:00:00Z",
      "2025-04-31T00:00:00Z", "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2024-02-30T00:00:00Z",
      "2025-06-01T24:00:00Z", "2025-06-01T23:60:00Z", "2025-06-01T23:59:61Z", "2025-06-01T00:00:00.Z",
      "2025-06-01T00:00:00,5Z", "2025-06-01T00:00:00+0200", "2025-06-01T00:00:00+2:00", "2025-06-01T00:00:00+02",
      "2025-06-01T00:00:00+24:00", "2025-06-01T00:00:00+02:60", "2025-06-01T00:00:00 +02:00",
      "2025-06-01T00:00:00UTC", "２０２５-06-01T00:00:00Z", "-2025-06-01T00:00:00Z", "2025-06-01T00:00:00.5",
    ])
  func refusesInvalidText(text: String) {
    #expect(Timestamp.parse(text) == nil)
  }

  @Test func theLargestOffsetsAreAccepted() throws {
    let east = try #require(Timestamp.parse("2025-06-01T23:59:00+23:59"))
    let west = try #require(Timestamp.parse("2025-05-31T00:01:00-23:59"))
    #expect(east.timeIntervalSince1970 == 1_748_736_000)
    #expect(west.timeIntervalSince1970 == 1_748_736_000)
  }

  @Test func formatWritesUTCWithZ() {
    #expect(Timestamp.format(Date(timeIntervalSince1970: 1_748_736_000)) == "2025-06-01T00:00:00Z")
    #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    #expect(Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    #expect(Timestamp.format(Date(timeIntervalSince1970: 253_402_300_799)) == "9999-12-31T23:59:59Z")
  }

  @Test func formatDropsFractionsTowardsThePast() {
    #expect(Timestamp.format(Date(timeIntervalSince1970: 1.9)) == "1970-01-01T00:00:01Z")
    #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59Z")
  }

  @Test func formatWritesOffsets() {
    let instant = Date(timeIntervalSince1970: 1_779_653_270)
    #expect(Timestamp.format(instant, offsetSeconds: -4 * 3600) == "2026-05-24T16:07:50-04:00")
    #expect(Timestamp.format(instant, offsetSeconds: 5 * 3600 + 1800) == "2026-05-25T01:37:50+05:30")
    #expect(Timestamp.format(instant, offsetSeconds: -(9 * 3600 + 1800)) == "2026-05-24T10:37:50-09:30")
    #expect(Timestamp.format(instant, offsetSeconds: 14 * 3600) == "2026-05-25T10:07:50+14:00")
    // Across a year boundary in either direction.
    let newYear = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    #expect(Timestamp.format(newYear, offsetSeconds: -60) == "2025-12-31T23:59:00-00:01")
    #expect(Timestamp.format(newYear.addingTimeInterval(-60), offsetSeconds: 60) == "2026-01-01T00:00:00+00:01")
  }

  @Test func formatThenParseIsTheSameInstantAtEveryOffset() throws {
    var random = SplitMix64(seed: 20_250_601)
    for _ in 0..<2_000 {
      let seconds = Int64.random(in: -2_000_000_000...100_000_000_000, using: &random)
      let offset = Int.random(in: -(23 * 60 + 59)...(23 * 60 + 59), using: &random) * 60
      let date = Date(timeIntervalSince1970: Double(seconds))
      let text = Timestamp.format(date, offsetSeconds: offset)
      let parsed = try #require(Timestamp.parse(text), "\(text)")
      #expect(parsed == date, "\(text) from \(seconds) at \(offset)")
      // The independent writer agrees on the wall-clock text.
      #expect(text == GCFixtures.rfc3339(date, offsetMinutes: offset / 60), "\(seconds) at \(offset)")
    }
  }

  @Test func parsingDoesNotDependOnTheHostZone() throws {
    // Same instant in four zones: one absolute value, whatever TZ says.
    let texts = [
      "2025-03-30T01:30:00Z", "2025-03-30T03:30:00+02:00", "2025-03-29T21:30:00-04:00", "2025-03-30T07:00:00+05:30",
    ]
    let values = try texts.map { try #require(Timestamp.parse($0)).timeIntervalSince1970 }
    #expect(values == Array(repeating: 1_743_298_200, count: 4))
  }
}
