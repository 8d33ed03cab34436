/// What a route does.
enum RouteKind: Sendable {
  case serverVersion
  case listOwnerPackages
  case getVersion
  case deleteVersion
  case listFiles
  case listPackageVersions
  case latestVersion
  case deletePackage

  /// Routes that change data (and so need write access and write scopes).
  var isWrite: Bool { self == .deleteVersion || self == .deletePackage }
}

/// One segment of a route pattern.
enum PatternSegment: Sendable, Equatable {
  case literal(String)
  case parameter(String)
}

/// A route: method, path pattern and, for newer endpoints, the profile
/// feature that enables it.
struct RouteDefinition: Sendable {
  let kind: RouteKind
  let method: String
  let pattern: [PatternSegment]
  let availability: OptionalEndpoint?
  /// `/api/v1/packages/{owner}/…` with the parameter names.
  let template: String
  /// `GET /api/v1/…` (kept rather than built: every request's journal entry names it).
  let signature: String

  init(_ kind: RouteKind, _ method: String, _ template: String, availability: OptionalEndpoint? = nil) {
    self.kind = kind
    self.method = method
    self.availability = availability
    let pattern: [PatternSegment] = template.split(separator: "/").map { part in
      part.hasPrefix("{") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
    }
    self.pattern = pattern
    self.template =
      "/"
      + pattern.map { segment in
        switch segment {
        case .literal(let text): text
        case .parameter(let name): "{\(name)}"
        }
      }.joined(separator: "/")
    signature = "\(method) \(self.template)"
  }

  /// Parameters by name when `segments` fit the pattern.
  func match(_ segments: [String]) -> [String: String]? {
    guard segments.count == pattern.count else { return nil }
    // The literals are checked before any dictionary is made.
    for (segment, part) in zip(segments, pattern) {
      if case .literal(let text) = part, text != segment { return nil }
    }
    var parameters: [String: String] = Dictionary(minimumCapacity: pattern.count)
    for (segment, part) in zip(segments, pattern) {
      if case .parameter(let name) = part { parameters[name] = segment }
    }
    return parameters
  }

  /// Whether this pattern beats `other` in chi's priority: at the first
  /// position where they differ, a literal wins over a parameter.
  func isMoreSpecific(than other: RouteDefinition) -> Bool {
    for (mine, theirs) in zip(pattern, other.pattern) {
      switch (mine, theirs) {
      case (.literal, .parameter): return true
      case (.parameter, .literal): return false
      default: continue
      }
    }
    return false
  }
}

/// The outcome of routing.
enum RouteResolution {
  case matched(RouteDefinition, parameters: [String: String])
  /// The path fits routes, none for this method (chi's 405).
  case methodNotAllowed(allowed: [String])
  case notFound
}

/// The routes a profile serves.
struct RouteTable: Sendable {
  /// Every route any profile has.
  static let catalogue: [RouteDefinition] = [
    RouteDefinition(.serverVersion, "GET", "/api/v1/version"),
    RouteDefinition(.listOwnerPackages, "GET", "/api/v1/packages/{owner}"),
    RouteDefinition(.getVersion, "GET", "/api/v1/packages/{owner}/{type}/{name}/{version}"),
    RouteDefinition(.deleteVersion, "DELETE", "/api/v1/packages/{owner}/{type}/{name}/{version}"),
    RouteDefinition(.listFiles, "GET", "/api/v1/packages/{owner}/{type}/{name}/{version}/files"),
    RouteDefinition(
      .listPackageVersions, "GET", "/api/v1/packages/{owner}/{type}/{name}", availability: .listPackageVersions),
    RouteDefinition(
      .latestVersion, "GET", "/api/v1/packages/{owner}/{type}/{name}/-/latest", availability: .latestVersion),
    RouteDefinition(
      .deletePackage, "DELETE", "/api/v1/packages/{owner}/{type}/{name}", availability: .deletePackage),
  ]

  let routes: [RouteDefinition]

  init(profile: GiteaProfile) {
    routes = Self.catalogue.filter { route in
      route.availability.map { profile.endpoints.contains($0) } ?? true
    }
  }

  func resolve(method: String, segments: [String]) -> RouteResolution {
    var best: (RouteDefinition, [String: String])? = nil
    var allowed: [String] = []
    for route in routes {
      guard let parameters = route.match(segments) else { continue }
      if route.method == method {
        if let current = best, !route.isMoreSpecific(than: current.0) { continue }
        best = (route, parameters)
      } else if !allowed.contains(route.method) {
        allowed.append(route.method)
      }
    }
    if let best {
      return .matched(best.0, parameters: best.1)
    }
    return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
  }
}
