import Foundation
import Testing

@testable import RegistryGC

@Suite("PageSequenceReader: when a listing is complete")
struct PageSequenceReaderTests {
  static func page(_ number: Int, ids: ClosedRange<Int64>?, total: Int?) -> FetchedPage {
    let rows = (ids.map(Array.init) ?? []).map {
      PackageVersion(id: $0, packageName: "app", version: "v\($0)", createdAt: Date(timeIntervalSince1970: Double($0)))
    }
    return FetchedPage(number: number, rows: rows, total: total)
  }

  @Test(
    "the last page the total implies",
    arguments: [(0, 1), (1, 1), (49, 1), (50, 2), (51, 2), (99, 2), (100, 3), (2_000, 41), (2_010, 41)])
  func expectedLastPage(total: Int, last: Int) throws {
    var reader = PageSequenceReader()
    #expect(reader.expectedLastPage == nil)
    // Page 1 is full (50 rows) whatever the total says; the total is a hint.
    _ = try reader.read(Self.page(1, ids: 1...50, total: total))
    #expect(reader.expectedLastPage == last)
  }

  @Test func anAbsurdTotalDoesNotOverflow() throws {
    var reader = PageSequenceReader()
    _ = try reader.read(Self.page(1, ids: 1...1, total: Int.max))
    #expect(reader.expectedLastPage == Int.max)
  }

  @Test func withoutATotalThereIsNoExpectedLastPage() throws {
    var reader = PageSequenceReader()
    _ = try reader.read(Self.page(1, ids: 1...50, total: nil))
    #expect(reader.expectedLastPage == nil)
  }

  @Test func aShortPageEndsTheListingAndTheTotalIsChecked() throws {
    var reader = PageSequenceReader()
    #expect(try reader.read(Self.page(1, ids: 1...30, total: 75)) == .more)
    #expect(try reader.read(Self.page(2, ids: 31...60, total: 75)) == .more)
    #expect(try reader.read(Self.page(3, ids: 61...75, total: 75)) == .finished)
    #expect(reader.isFinished)
    let listing = try reader.listing(package: "APP")
    #expect(listing.versions.count == 75)
    #expect(listing.pagesRead == 3)
  }

  /// The total is only a hint: a server that under-reports it does not cut
  /// the listing short, and the extra rows give a warning.
  @Test func aFullPageGoesOnEvenPastTheTotal() throws {
    var reader = PageSequenceReader()
    #expect(try reader.read(Self.page(1, ids: 1...30, total: 30)) == .more)
    #expect(reader.expectedLastPage == 2)
    #expect(try reader.read(Self.page(2, ids: 31...60, total: 30)) == .more)
    #expect(try reader.read(Self.page(3, ids: nil, total: 30)) == .finished)
    let listing = try reader.listing(package: "app")
    #expect(listing.versions.count == 60)
    #expect(listing.warnings == ["read 60 versions but the server's X-Total-Count said 30"])
  }

  @Test func fewerRowsThanTheTotalThrow() throws {
    var reader = PageSequenceReader()
    _ = try reader.read(Self.page(1, ids: 1...30, total: 61))
    _ = try reader.read(Self.page(2, ids: 31...59, total: 61))
    #expect(reader.isFinished)
    #expect(throws: GCError.self) { try reader.listing(package: "app") }
  }

  @Test func aChangedTotalThrows() throws {
    var reader = PageSequenceReader()
    _ = try reader.read(Self.page(1, ids: 1...30, total: 75))
    let error = #expect(throws: GCError.self) { try reader.read(Self.page(2, ids: 31...60, total: 74)) }
    #expect(error?.kind == .listingIncomplete)
    #expect(error?.message.contains("changed from 75 to 74") == true)
  }

  /// A push while the pages are read shifts every row down by one: the next
  /// page starts with the last row of the one before. Without a total to
  /// catch it, the overlap alone must.
  @Test func aPartlyRepeatedPageThrows() throws {
    var reader = PageSequenceReader()
    _ = try reader.read(Self.page(1, ids: 1...50, total: nil))
    let error = #expect(throws: GCError.self) { try reader.read(Self.page(2, ids: 41...90, total: nil)) }
    #expect(error?.kind == .listingIncomplete)
    #expect(error?.message.hasPrefix("Page 2 repeated 10 of its 50 rows: the list changed while it was read") == true)
  }

  @Test func anIdTwiceOnOnePageThrows() throws {
    var reader = PageSequenceReader()
    var page = Self.page(1, ids: 1...3, total: nil)
    page.rows[2].id = 1
    #expect(throws: GCError.self) { try reader.read(page) }
  }

  @Test func aPageLongerThanTheFirstThrows() throws {
    var reader = PageSequenceReader()
    _ = try reader.read(Self.page(1, ids: 1...50, total: nil))
    let error = #expect(throws: GCError.self) { try reader.read(Self.page(2, ids: 61...120, total: nil)) }
    #expect(error?.message.hasPrefix("Page 2 has 60 rows but page 1 had 50") == true)
  }

  @Test func aPageOfRowsAlreadySeenThrows() throws {
    var reader = PageSequenceReader()
    _ = try reader.read(Self.page(1, ids: 1...30, total: 75))
    let error = #expect(throws: GCError.self) { try reader.read(Self.page(2, ids: 1...30, total: 75)) }
    #expect(error?.message.hasPrefix("Page 2 repeated rows already seen") == true)
  }
}
