/// The fields a list answer is sorted by.
struct ListingEntry: Sendable, Equatable {
  let id: Int64
  let packageID: Int64
  let createdUnix: Int64
  let lowerName: String
  let lowerVersion: String
}

/// `created_unix DESC` plus the profile's tie-breaker, made total with the id
/// so that every row has exactly one place.
struct ListingOrder: Sendable {
  let tieBreak: TieBreak

  func precedes(_ left: ListingEntry, _ right: ListingEntry) -> Bool {
    if left.createdUnix != right.createdUnix {
      return left.createdUnix > right.createdUnix
    }
    switch tieBreak {
    case .idAscending:
      return left.id < right.id
    case .idDescending:
      return left.id > right.id
    case .unordered:
      if left.lowerName != right.lowerName { return left.lowerName < right.lowerName }
      if left.lowerVersion != right.lowerVersion { return left.lowerVersion < right.lowerVersion }
      return left.id < right.id
    }
  }
}

/// Rows kept sorted by list order, so that a page is a slice and a push or a
/// delete costs one binary search.
///
/// The array is stored back to front (the row listed last comes first), so
/// that the usual push, which is newer than everything stored, is an append.
struct SortedListing: Sendable {
  private var backToFront: [ListingEntry] = []

  var count: Int { backToFront.count }

  /// The rows in list order.
  var entries: ReversedCollection<[ListingEntry]> { backToFront.reversed() }

  /// Up to `limit` rows starting at list position `offset`.
  func page(offset: Int, limit: Int) -> [ListingEntry] {
    guard offset < count, limit > 0 else { return [] }
    let end = min(count, offset + limit)
    return (offset..<end).map { backToFront[count - 1 - $0] }
  }

  mutating func insert(_ entry: ListingEntry, order: ListingOrder) {
    backToFront.insert(entry, at: insertionIndex(of: entry, order: order))
  }

  mutating func remove(_ entry: ListingEntry, order: ListingOrder) {
    let index = insertionIndex(of: entry, order: order)
    if index < backToFront.count, backToFront[index].id == entry.id {
      backToFront.remove(at: index)
    } else if let fallback = backToFront.firstIndex(where: { $0.id == entry.id }) {
      backToFront.remove(at: fallback)
    }
  }

  /// The first index whose row is listed before `entry` (or `entry` itself).
  private func insertionIndex(of entry: ListingEntry, order: ListingOrder) -> Int {
    var low = 0
    var high = backToFront.count
    while low < high {
      let middle = (low + high) / 2
      if order.precedes(entry, backToFront[middle]) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low
  }
}
