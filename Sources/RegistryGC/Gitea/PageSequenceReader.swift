/// One decoded page of the packages list endpoint.
struct FetchedPage: Sendable {
  var number: Int
  var rows: [PackageVersion]
  /// `X-Total-Count`, when the server sent a number.
  var total: Int?
}

/// Reads list pages strictly in page order and decides when the listing is
/// complete, failing closed on anything that says it is not.
///
/// The rules, the same however the pages were fetched:
/// - Only a short or empty page ends the listing ("short" against the size
///   of page 1, since servers cap `limit` at their own maximum).
///   `X-Total-Count` is a hint and never ends it.
/// - A total that changes between pages means the list changed while it was
///   read: throw.
/// - A row seen before (by id), on this page or an earlier one, means the
///   list moved while it was read or the server does not page as Gitea
///   does: throw. So does a page longer than page 1.
/// - At the end, fewer rows than the total: throw; more: a warning.
struct PageSequenceReader {
  enum Progress: Equatable {
    case more
    case finished
  }

  private(set) var rows: [PackageVersion] = []
  private var seen = Set<Int64>()
  /// The page ``read(_:)`` expects next.
  private(set) var nextPage = 1
  private(set) var isFinished = false
  /// The row count of page 1, the page size the server uses.
  private var fullPage: Int?
  private var total: Int?

  /// The page that should end the listing if the total is right: the last
  /// partial page, or one past the last full page (which must come back
  /// empty). Nil before page 1 or without a total.
  var expectedLastPage: Int? {
    guard let fullPage, fullPage > 0, let total, total >= 0 else { return nil }
    // A server may claim any total, Int.max included: never overflow.
    return min(total / fullPage, Int.max - 1) + 1
  }

  /// Takes the next page in order.
  mutating func read(_ page: FetchedPage) throws(GCError) -> Progress {
    precondition(page.number == nextPage && !isFinished, "pages must be read in order, once")
    if let reported = page.total {
      if let total, total != reported {
        throw GCError(
          .listingIncomplete,
          "The number of listed versions changed from \(total) to \(reported) while reading the pages (a push or delete ran at the same time). Nothing was deleted; run again."
        )
      }
      total = reported
    }
    if let fullPage, page.rows.count > fullPage {
      throw GCError(
        .listingIncomplete,
        "Page \(page.number) has \(page.rows.count) rows but page 1 had \(fullPage), so the server does not page this list as Gitea does. Nothing was deleted."
      )
    }
    let repeated = page.rows.count { !seen.insert($0.id).inserted }
    if repeated > 0 {
      let what = repeated == page.rows.count ? "repeated rows already seen" : "repeated \(repeated) of its \(page.rows.count) rows"
      throw GCError(
        .listingIncomplete,
        "Page \(page.number) \(what): the list changed while it was read, or the server does not page it as Gitea does. Nothing was deleted."
      )
    }
    rows.append(contentsOf: page.rows)
    if page.rows.isEmpty { return finish() }
    if let fullPage, page.rows.count < fullPage { return finish() }
    if fullPage == nil { fullPage = page.rows.count }
    nextPage += 1
    return .more
  }

  private mutating func finish() -> Progress {
    isFinished = true
    return .finished
  }

  /// The versions of `package` among the rows read, after the last checks.
  func listing(package: String) throws(GCError) -> Listing {
    var warnings: [String] = []
    if let total, rows.count < total {
      throw GCError(
        .listingIncomplete,
        "The server reported \(total) matching versions (X-Total-Count) but only \(rows.count) could be read. Nothing was deleted."
      )
    }
    if let total, rows.count > total {
      warnings.append("read \(rows.count) versions but the server's X-Total-Count said \(total)")
    }
    let wanted = package.lowercased()
    let matching = rows.filter { $0.type == "container" && $0.packageName.lowercased() == wanted }
    let siblings = Set(rows.filter { $0.packageName.lowercased() != wanted }.map(\.packageName)).sorted()
    return Listing(
      versions: matching, otherPackages: siblings, rowsRead: rows.count, pagesRead: nextPage, warnings: warnings)
  }
}
