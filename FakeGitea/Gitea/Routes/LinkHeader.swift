/// The pagination headers of Gitea's list endpoints (`SetLinkHeader`,
/// `SetTotalCountHeader`, `AppendAccessControlExposeHeaders`).
enum LinkHeader {
  /// `Link` (when non-empty), `X-Total-Count` and `Access-Control-Expose-Headers`.
  static func headers(
    total: Int, pageSize: Int, requestedPage: Int, rootURL: String, normalizedPath: String,
    queryItems: [(name: String, value: String)]
  ) -> [HeaderField] {
    let links = self.links(
      total: total, pageSize: pageSize, requestedPage: requestedPage, rootURL: rootURL,
      normalizedPath: normalizedPath, queryItems: queryItems)
    var headers: [HeaderField] = []
    var exposed: [String] = []
    if !links.isEmpty {
      headers.append(HeaderField("Link", links.joined(separator: ",")))
      exposed.append("Link")
    }
    headers.append(HeaderField("X-Total-Count", String(total)))
    exposed.append("X-Total-Count")
    headers.append(HeaderField("Access-Control-Expose-Headers", exposed.joined(separator: ", ")))
    return headers
  }

  /// `genAPILinks`: next, last, first, prev, each
  /// `<ROOT_URL + path without its leading slash + ?query>; rel="…"` with the
  /// query re-encoded (keys sorted) and `page` replaced. `queryItems` is
  /// the request's query as ``QueryParameters`` reads it.
  static func links(
    total: Int, pageSize: Int, requestedPage: Int, rootURL: String, normalizedPath: String,
    queryItems items: [(name: String, value: String)]
  ) -> [String] {
    let paginator = Paginator(total: total, pageSize: pageSize, current: requestedPage)
    let path = normalizedPath.hasPrefix("/") ? String(normalizedPath.dropFirst()) : normalizedPath
    func link(page: Int, relation: String) -> String {
      let query = GoURLEscaping.encodeQuery(items.filter { $0.name != "page" } + [(name: "page", value: String(page))])
      return "<\(rootURL)\(path)?\(query)>; rel=\"\(relation)\""
    }
    var links: [String] = []
    if paginator.hasNext { links.append(link(page: paginator.current + 1, relation: "next")) }
    if !paginator.isLast { links.append(link(page: paginator.totalPages, relation: "last")) }
    if !paginator.isFirst { links.append(link(page: 1, relation: "first")) }
    if paginator.hasPrevious { links.append(link(page: paginator.current - 1, relation: "prev")) }
    return links
  }
}

/// `modules/paginator`: the current page is clamped into `1...totalPages`.
struct Paginator {
  let total: Int
  let pageSize: Int
  let current: Int

  init(total: Int, pageSize: Int, current: Int) {
    self.total = total
    self.pageSize = max(pageSize, 1)
    let pages = total == 0 ? 1 : (total + self.pageSize - 1) / self.pageSize
    self.current = min(max(current, 1), pages)
  }

  var totalPages: Int { total == 0 ? 1 : (total + pageSize - 1) / pageSize }
  var isFirst: Bool { current == 1 }
  var hasPrevious: Bool { current > 1 }
  var hasNext: Bool { total > current * pageSize }
  var isLast: Bool { total == 0 ? true : total > (current - 1) * pageSize && !hasNext }
}
