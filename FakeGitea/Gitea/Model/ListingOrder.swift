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

/// Rows kept sorted in list order, so that a page is a slice and a push or
/// delete costs one binary search.
struct SortedListing: Sendable {
  private(set) var entries: [ListingEntry] = []

  var count: Int { entries.count }

  mutating func insert(_ entry: ListingEntry, order: ListingOrder) {
    entries.insert(entry, at: insertionIndex(of: entry, order: order))
  }

  mutating func remove(_ entry: ListingEntry, order: ListingOrder) {
    let index = insertionIndex(of: entry, order: order)
    if index < entries.count, entries[index].id == entry.id {
      entries.remove(at: index)
    } else if let fallback = entries.firstIndex(where: { $0.id == entry.id }) {
      entries.remove(at: fallback)
    }
  }

  /// The first index whose entry does not precede `entry`.
  private func insertionIndex(of entry: ListingEntry, order: ListingOrder) -> Int {
    var low = 0
    var high = entries.count
    while low < high {
      let middle = (low + high) / 2
      if order.precedes(entries[middle], entry) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low
  }
}
