/// Explains 404s (and 405s) in the journal: which real route the request
/// came closest to and where it went astray, after WireMock's near misses.
struct NearMissAdvisor {
  let profile: GiteaProfile
  let table: RouteTable

  /// Words a client may have put in the version slot while trying to list.
  private static let listingWords: Set<String> = ["versions", "tags", "list", "all", "_catalog"]

  // MARK: Unmatched paths

  func unmatched(method: String, path: RequestPath, store: GiteaStore) -> String {
    let segments = path.segments ?? path.rawSegments
    if let missing = RouteTable.catalogue.first(where: { route in
      route.method == method && route.match(segments) != nil
        && !table.routes.contains { $0.signature == route.signature }
    }) {
      return notServed(missing, segments: segments)
    }
    if let split = unencodedSlashHint(segments: segments, store: store) {
      return split
    }
    guard let (route, position) = closestRoute(method: method, segments: segments) else {
      return "no route matches \(method) \(path.decoded); the packages API lives under /api/v1/packages/{owner}"
    }
    return "no route matches \(method) \(path.decoded); closest is \(route.signature), which diverges at segment "
      + "\(position + 1) (\(divergence(route: route, segments: segments, at: position)))"
  }

  func methodNotAllowed(method: String, path: RequestPath, allowed: [String]) -> String {
    let segments = path.segments ?? path.rawSegments
    let templates = table.routes.filter { $0.match(segments) != nil }.map(\.signature)
    return "\(method) is not routed for this path in \(profile.name); it matches "
      + templates.joined(separator: ", ")
  }

  private func notServed(_ route: RouteDefinition, segments: [String]) -> String {
    let since: String
    switch route.availability {
    case .listPackageVersions?, .latestVersion?: since = "Gitea 1.24 and later (never Forgejo)"
    case .deletePackage?: since = "Gitea 1.26 and later (never Forgejo)"
    case nil: since = "other versions"
    }
    var text =
      "\(route.signature) exists only in \(since); \(profile.name) (\(profile.serverVersion)) has no such route"
    let type = segments.count > 4 ? segments[4] : "container"
    let name = segments.count > 5 ? segments[5] : "{name}"
    switch route.kind {
    case .listPackageVersions, .latestVersion:
      text += "; to list versions use GET /api/v1/packages/{owner}?type=\(type)&q=\(name)"
    case .deletePackage:
      text += "; delete versions one by one with DELETE /api/v1/packages/{owner}/{type}/{name}/{version}"
    default:
      break
    }
    return text
  }

  /// A name with an unencoded `/` spills into the following segments.
  private func unencodedSlashHint(segments: [String], store: GiteaStore) -> String? {
    guard segments.count > 6, Array(segments.prefix(3)) == ["api", "v1", "packages"],
      let owner = store.user(named: segments[3])
    else { return nil }
    let type = segments[4]
    for end in stride(from: segments.count, through: 7, by: -1) {
      let name = segments[5..<end].joined(separator: "/")
      if store.package(ownerID: owner.id, type: type, name: name) != nil {
        return "package name \"\(name)\" contains '/': send it as \(GoURLEscaping.pathEscape(name)) so that it "
          + "stays one path segment"
      }
    }
    return nil
  }

  /// The route whose pattern agrees with the longest prefix of `segments`,
  /// preferring the request's method, and the index where it stops agreeing.
  private func closestRoute(method: String, segments: [String]) -> (RouteDefinition, Int)? {
    var best: (route: RouteDefinition, score: Int)? = nil
    for route in table.routes {
      var agreed = 0
      for (segment, part) in zip(segments, route.pattern) {
        if case .literal(let text) = part, text != segment { break }
        agreed += 1
      }
      guard agreed > 0 else { continue }
      // Prefer longer agreement, then the same method, then similar length.
      let score =
        agreed * 100 + (route.method == method ? 10 : 0) - min(9, abs(route.pattern.count - segments.count))
      if best == nil || score > best?.score ?? 0 {
        best = (route, score)
      }
    }
    guard let best else { return nil }
    var position = 0
    for (segment, part) in zip(segments, best.route.pattern) {
      if case .literal(let text) = part, text != segment { break }
      position += 1
    }
    return (best.route, position)
  }

  private func divergence(route: RouteDefinition, segments: [String], at position: Int) -> String {
    let expected: String? =
      position < route.pattern.count
      ? {
        switch route.pattern[position] {
        case .literal(let text): "\"\(text)\""
        case .parameter(let name): "{\(name)}"
        }
      }() : nil
    if position < segments.count, let expected {
      return "\"\(segments[position])\" where \(expected) was expected"
    }
    if let expected {
      return "the path ends where \(expected) was expected"
    }
    return "extra segment \"\(segments[position])\" after the end of the route"
  }

  // MARK: Lookups that failed

  func ownerMissing(_ owner: String) -> String {
    "no user or organisation is called \"\(owner)\""
  }

  /// A version route found no version (or, in 1.26+, no package).
  func versionMissing(_ state: PackageRequestState, store: GiteaStore) -> String {
    let base = "matched \(state.route.signature) with version=\"\(state.versionName)\""
    if Self.listingWords.contains(state.versionName.lowercased()) {
      return base + listingAdvice(type: state.type, name: state.name)
    }
    guard let owner = state.owner else { return base }
    if let package = store.package(ownerID: owner.id, type: state.type, name: state.name) {
      let count = store.visibleVersionCount(packageID: package.id)
      return base + "; \(state.type) package \"\(package.name)\" has no version \"\(state.versionName)\" "
        + "(it has \(count) version\(count == 1 ? "" : "s"))"
    }
    return base + "; " + packageAdvice(owner: owner, type: state.type, name: state.name, store: store)
      + joinedNameAdvice(state, owner: owner, store: store)
  }

  /// A package route found no package (Gitea 1.26+).
  func packageMissing(_ state: PackageRequestState, store: GiteaStore) -> String {
    guard let owner = state.owner else { return "no package \"\(state.name)\"" }
    return "matched \(state.route.signature); "
      + packageAdvice(owner: owner, type: state.type, name: state.name, store: store)
  }

  private func listingAdvice(type: String, name: String) -> String {
    var advice = "; to list versions use GET /api/v1/packages/{owner}?type=\(type)&q=\(name)"
    if profile.endpoints.contains(.listPackageVersions) {
      advice += " or GET /api/v1/packages/{owner}/\(type)/\(name)"
    }
    return advice
  }

  private func packageAdvice(owner: GiteaUser, type: String, name: String, store: GiteaStore) -> String {
    let otherTypes = store.packages(ownerID: owner.id).filter { $0.lowerName == name.lowercased() }.map(\.type)
    if !otherTypes.isEmpty {
      return "\(owner.login) has no \(type) package \"\(name)\", only one of type "
        + otherTypes.joined(separator: ", ")
    }
    return "\(owner.login) has no \(type) package named \"\(name)\""
  }

  /// `…/container/group/image` read as package `group`, version `image`.
  private func joinedNameAdvice(_ state: PackageRequestState, owner: GiteaUser, store: GiteaStore) -> String {
    let joined = state.name + "/" + state.versionName
    guard store.package(ownerID: owner.id, type: state.type, name: joined) != nil else { return "" }
    return "; package \"\(joined)\" exists: send its name as \(GoURLEscaping.pathEscape(joined))"
  }
}
