/// `n`/`last` paging of the tag list and the catalog: the names after
/// `last` (byte order), at most `n` of them.
struct ListPage: Sendable, Equatable {
  var items: [String]
  /// Set when more names follow this page (only when `n` was given).
  var nextLast: String?
  /// `n` as requested, for the `Link` header.
  var pageSize: Int?

  /// Pages `sortedNames`. `n` must be a non-negative number when present.
  static func make(sortedNames: [String], n: String?, last: String?) -> Result<ListPage, RegistryError> {
    var remaining = sortedNames[...]
    if let last {
      let lastBytes = Array(last.utf8)
      remaining = remaining.drop { !lastBytes.lexicographicallyPrecedes(Array($0.utf8)) }
    }
    guard let n else { return .success(ListPage(items: Array(remaining), nextLast: nil, pageSize: nil)) }
    guard let size = Int(n), size >= 0 else {
      return .failure(RegistryError.paginationNumberInvalid.detailing(n))
    }
    let items = Array(remaining.prefix(size))
    let more = remaining.count > size && !items.isEmpty
    return .success(ListPage(items: items, nextLast: more ? items.last : nil, pageSize: size))
  }
}
