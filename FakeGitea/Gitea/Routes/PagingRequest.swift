/// `page` and `limit` as `utils.GetListOptions` and `ToCorrectPageSize` read
/// them: non-numbers count as 0, a limit of 0 or less becomes the default
/// (30), more than the maximum (50) is clamped, a page below 1 becomes 1.
struct PagingRequest: Sendable {
  /// The page as sent (0 when missing or not a number), which the `Link`
  /// header code clamps on its own.
  let requestedPage: Int
  let page: Int
  let pageSize: Int

  init(query: QueryParameters, defaultPageSize: Int = 30, maximumPageSize: Int = 50) {
    requestedPage = PagingRequest.formInt(query.first("page"))
    page = max(requestedPage, 1)
    let limit = PagingRequest.formInt(query.first("limit"))
    pageSize = limit <= 0 ? defaultPageSize : min(limit, maximumPageSize)
  }

  /// Rows to skip; `Int.max` when the multiplication would overflow (the page
  /// is then certainly past the end).
  var offset: Int {
    let (product, overflow) = (page - 1).multipliedReportingOverflow(by: pageSize)
    return overflow ? Int.max : product
  }

  /// Go's `strconv.Atoi` on `FormValue`, with errors read as 0.
  private static func formInt(_ text: String?) -> Int {
    guard let text, let value = Int(text) else { return 0 }
    return value
  }
}
