import Foundation

/// Gitea's `/api/v1` as far as a registry GC uses it: routing, the auth
/// layer, the packages middleware chain and the handlers.
struct PackagesAPI {
  let profile: GiteaProfile
  let table: RouteTable
  let rootURL: String
  let offsetSeconds: Int

  private var advisor: NearMissAdvisor { NearMissAdvisor(profile: profile, table: table) }

  private static let queryTokenWarning =
    "token and access_token API authentication is deprecated and will be removed in gitea 1.23. "
    + "Please use AuthorizationHeaderToken instead. Existing queries will continue to work but without authorization."

  func respond(
    to request: ServerRequest, path: RequestPath, query: QueryParameters, authentication: Authentication,
    store: inout GiteaStore, entry: inout JournalEntry
  ) -> ServerResponse {
    guard let segments = path.segments else {
      entry.notes.append("malformed percent-escape in the path")
      return GiteaResponses.badRequest()
    }
    switch table.resolve(method: request.method, segments: segments) {
    case .notFound:
      entry.nearMiss = advisor.unmatched(method: request.method, path: path, store: store)
      return GiteaResponses.plainNotFound()
    case .methodNotAllowed(let allowed):
      entry.nearMiss = advisor.methodNotAllowed(method: request.method, path: path, allowed: allowed)
      return GiteaResponses.methodNotAllowed(allowed: allowed)
    case .matched(let route, let parameters):
      entry.route = route.signature
      var response = respondMatched(
        request: request, path: path, query: query, route: route, parameters: parameters,
        authentication: authentication,
        store: &store, entry: &entry)
      if authentication.sentQueryToken && profile.warnsAboutQueryTokens {
        response.headers.append(HeaderField("X-Gitea-Warning", Self.queryTokenWarning))
      }
      return response
    }
  }

  private func respondMatched(
    request: ServerRequest, path: RequestPath, query: QueryParameters, route: RouteDefinition,
    parameters: [String: String],
    authentication: Authentication, store: inout GiteaStore, entry: inout JournalEntry
  ) -> ServerResponse {
    if let failure = authentication.failureMessage {
      entry.notes.append("credentials refused")
      return GiteaResponses.apiError(401, failure, rootURL: rootURL)
    }
    if route.kind == .serverVersion {
      return GiteaResponses.json(200, .object([("version", .string(profile.serverVersion))]))
    }
    var state = PackageRequestState(route: route, parameters: parameters, authentication: authentication)
    let pipeline = AccessPipeline(profile: profile, rootURL: rootURL, advisor: advisor)
    if let refusal = pipeline.run(&state, store: store) {
      entry.nearMiss = refusal.nearMiss
      return refusal.response
    }
    guard let owner = state.owner else { return GiteaResponses.plainNotFound() }
    var renderer = PackageRenderer(
      profile: profile, rootURL: rootURL, offsetSeconds: offsetSeconds, doer: authentication.user)

    switch route.kind {
    case .serverVersion:
      return GiteaResponses.plainNotFound()

    case .listOwnerPackages:
      let type = query.trimmed("type")
      let search = query.trimmed("q").lowercased()
      let filter: GiteaStore.NameFilter = search.isEmpty ? .any : .like(SQLLikePattern(searchValue: search))
      return listPage(
        request: request, path: path, query: query, ownerID: owner.id, type: type, filter: filter, store: store,
        renderer: &renderer)

    case .listPackageVersions:
      return listPage(
        request: request, path: path, query: query, ownerID: owner.id, type: state.type,
        filter: .exact(state.name.lowercased()),
        store: store, renderer: &renderer)

    case .getVersion:
      guard let version = state.version else { return GiteaResponses.plainNotFound() }
      return GiteaResponses.json(200, renderer.package(version, store: store))

    case .listFiles:
      guard let version = state.version else { return GiteaResponses.plainNotFound() }
      return GiteaResponses.json(200, renderer.files(version))

    case .latestVersion:
      guard let version = store.latestVersion(ownerID: owner.id, type: state.type, name: state.name) else {
        return GiteaResponses.genericNotFound(profile: profile, rootURL: rootURL)
      }
      return GiteaResponses.json(200, renderer.package(version, store: store))

    case .deleteVersion:
      guard let version = state.version else { return GiteaResponses.plainNotFound() }
      store.deleteVersion(id: version.id)
      let packageName = state.package?.name ?? state.name
      entry.notes.append("deleted version \"\(version.version)\" (id \(version.id)) of \(owner.login)/\(packageName)")
      return GiteaResponses.noContent()

    case .deletePackage:
      guard let package = state.package ?? store.package(ownerID: owner.id, type: state.type, name: state.name)
      else {
        return GiteaResponses.apiError(
          404, profile.packageNotFoundMessage ?? profile.versionNotFoundMessage, rootURL: rootURL)
      }
      let removed = store.deletePackage(id: package.id)
      var note = "deleted the whole package \(owner.login)/\(package.name) with \(removed) version(s)"
      if path.hadSlashesRemoved {
        note +=
          "; the request path \(path.raw) lost its trailing or empty segment to slash normalisation, "
          + "so an empty version turned a version delete into a package delete"
      }
      entry.notes.append(note)
      return GiteaResponses.noContent()
    }
  }

  private func listPage(
    request: ServerRequest, path: RequestPath, query: QueryParameters, ownerID: Int64, type: String,
    filter: GiteaStore.NameFilter,
    store: GiteaStore, renderer: inout PackageRenderer
  ) -> ServerResponse {
    let paging = PagingRequest(query: query)
    let result = store.searchVersions(
      ownerID: ownerID, type: type, name: filter, offset: paging.offset, limit: paging.pageSize)
    // The rows are written straight into the body, as `GoJSON.array` would.
    var body: [UInt8] = []
    body.reserveCapacity(2 + 1536 * result.rows.count)
    body.append(UInt8(ascii: "["))
    for (index, version) in result.rows.enumerated() {
      if index > 0 { body.append(UInt8(ascii: ",")) }
      if !renderer.writePackage(version, store: store, into: &body) {
        body.append(contentsOf: "null".utf8)
      }
    }
    body.append(UInt8(ascii: "]"))
    let headers = LinkHeader.headers(
      total: result.total, pageSize: paging.pageSize, requestedPage: paging.requestedPage, rootURL: rootURL,
      normalizedPath: path.normalized, queryItems: query.items)
    return GiteaResponses.json(200, encoded: body, headers: headers)
  }
}
