/// `GET /v2/_catalog?n=&last=`: every container repository (`owner/image`)
/// with at least one version whose owner the caller may read, sorted.
enum CatalogEndpoint {
  static func respond(_ exchange: RegistryExchange, store: GiteaStore) -> ServerResponse {
    var names: [String] = []
    for package in store.allPackages() where package.type == "container" {
      guard package.versions.contains(where: { !$0.isInternal }), let owner = store.user(named: package.owner),
        exchange.caller.refusal(toAccess: owner, forWrite: false, profile: exchange.context.profile) == nil
      else { continue }
      names.append("\(owner.lowerLogin)/\(package.name.lowercased())")
    }
    names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    let page: ListPage
    switch ListPage.make(sortedNames: names, n: exchange.query("n"), last: exchange.query("last")) {
    case .success(let made): page = made
    case .failure(let error): return exchange.failure(error)
    }
    var headers: [HeaderField] = []
    if let last = page.nextLast, let size = page.pageSize {
      headers.append(RegistryResponses.nextLink(path: "/v2/_catalog", last: last, pageSize: size))
    }
    return RegistryResponses.json(
      200, .object([("repositories", .array(page.items.map(GoJSON.string)))]), headers: headers)
  }
}
