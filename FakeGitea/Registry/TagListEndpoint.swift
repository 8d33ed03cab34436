/// `GET /v2/{owner}/{image}/tags/list?n=&last=`: the tagged versions (not
/// `sha256:` ones), ordered by name, with a `Link` to the next page.
enum TagListEndpoint {
  static func respond(
    _ exchange: RegistryExchange, repository: RegistryRepository, store: GiteaStore
  ) -> ServerResponse {
    guard store.packageSnapshot(owner: repository.owner.login, type: "container", name: repository.image) != nil
    else { return exchange.failure(RegistryError.nameUnknown.detailing(repository.key)) }
    let tags = exchange.manifests(of: repository, in: store).tags
    let page: ListPage
    switch ListPage.make(sortedNames: tags, n: exchange.query("n"), last: exchange.query("last")) {
    case .success(let made): page = made
    case .failure(let error): return exchange.failure(error)
    }
    var headers: [HeaderField] = []
    if let last = page.nextLast, let size = page.pageSize {
      headers.append(
        RegistryResponses.nextLink(path: "\(repository.routePrefix)/tags/list", last: last, pageSize: size))
    }
    return RegistryResponses.json(
      200,
      .object([("name", .string(repository.key)), ("tags", .array(page.items.map(GoJSON.string)))]),
      headers: headers)
  }
}
