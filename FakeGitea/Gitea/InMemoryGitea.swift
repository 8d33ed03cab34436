import Foundation

/// An in-memory Gitea (or Forgejo) packages API: the store, the version
/// profile's behaviour, an optional Cloudflare-style edge, injected faults,
/// scheduled events, and a journal of every request.
///
/// `handle` is synchronous and thread-safe; it never sleeps (delays and
/// connection faults are returned on the `ServerResponse` for the server to
/// carry out).
public final class InMemoryGitea: Sendable {
  private struct State: Sendable {
    var configuration: FakeGiteaConfiguration
    var table: RouteTable
    var store: GiteaStore
    var journal: [JournalEntry] = []
    var requestCount = 0
    var faultMatches: [Int]
    var eventMatches: [Int]
    var firedEvents: Set<Int> = []

    init(configuration: FakeGiteaConfiguration, seed: GiteaSeed) {
      var configuration = configuration
      configuration.rootURL = URLParts.normalizedRoot(configuration.rootURL)
      self.configuration = configuration
      table = RouteTable(profile: configuration.profile)
      store = GiteaStore(seed: seed, profile: configuration.profile)
      faultMatches = Array(repeating: 0, count: configuration.faults.count)
      eventMatches = Array(repeating: 0, count: configuration.events.count)
    }

    var now: Date { configuration.now ?? Date() }
  }

  /// Every request takes this lock, so it is one that sleeps rather than
  /// spins while it waits (see ``SleepingMutex``).
  private let state: SleepingMutex<State>

  public init(configuration: FakeGiteaConfiguration = FakeGiteaConfiguration(), seed: GiteaSeed = GiteaSeed()) {
    state = SleepingMutex(State(configuration: configuration, seed: seed))
  }

  /// The profile this instance imitates.
  public var profile: GiteaProfile { state.withLock { $0.configuration.profile } }

  /// ROOT_URL as used in links and error bodies (ends with `/`).
  public var rootURL: String { state.withLock { $0.configuration.rootURL } }

  /// Sets ROOT_URL, for a server that learns its port after binding.
  public func setRootURL(_ rootURL: String) {
    state.withLock { $0.configuration.rootURL = URLParts.normalizedRoot(rootURL) }
  }

  /// Every request so far, oldest first.
  public var journal: [JournalEntry] { state.withLock { $0.journal } }

  /// Empties the journal (the store and fault counters stay as they are).
  public func clearJournal() {
    state.withLock { $0.journal.removeAll() }
  }

  /// Replaces all data with `seed` and starts counting requests, faults and
  /// events again from zero. The configuration is kept.
  public func reset(seed: GiteaSeed) {
    state.withLock { current in
      current = State(configuration: current.configuration, seed: seed)
    }
  }

  // MARK: Handling requests

  /// Answers one request as the configured edge, faults and Gitea version would.
  public func handle(_ request: ServerRequest) -> ServerResponse {
    // What depends on the request alone is worked out before taking the lock,
    // which every request contends for.
    let path = RequestPath(target: request.target)
    let query = QueryParameters(rawQuery: request.rawQuery)
    var entry = JournalEntry(sequence: 0, date: Date(timeIntervalSince1970: 0), request: request, path: path.decoded)
    return state.withLock { state in
      state.requestCount += 1
      let configuration = state.configuration
      let now = state.now
      entry.sequence = state.requestCount
      entry.date = now
      var response: ServerResponse

      if let rule = CloudflareBlockPage.blockingRule(for: entry.userAgent, patterns: configuration.blockedUserAgents) {
        entry.notes.append("blocked at the edge: User-Agent matches \"\(rule)\"")
        response = CloudflareBlockPage.response(
          sequence: state.requestCount, rootURL: configuration.rootURL, now: now)
      } else if let (index, fault) = Self.firingFault(for: request, path: path, query: query, state: &state) {
        entry.notes.append("fault \(fault.name ?? "#\(index + 1)"): \(fault.action.summary)")
        response = Self.apply(fault.action, request: request, path: path, query: query, state: &state, entry: &entry)
      } else {
        response = Self.answer(request, path: path, query: query, state: &state, entry: &entry)
      }

      entry.status = response.status
      entry.delay = response.delay
      entry.disruption = response.disruption
      Self.fireEvents(after: request, path: path, query: query, state: &state, entry: &entry)
      state.journal.append(entry)
      return response
    }
  }

  private static func answer(
    _ request: ServerRequest, path: RequestPath, query: QueryParameters, state: inout State,
    entry: inout JournalEntry
  ) -> ServerResponse {
    let configuration = state.configuration
    let authentication = Authenticator(profile: configuration.profile)
      .authenticate(request, query: query, store: state.store)
    if !configuration.routeExtensions.isEmpty {
      let context = GiteaRequestContext(
        profile: configuration.profile, rootURL: configuration.rootURL, now: state.now,
        timeZoneOffsetSeconds: configuration.timeZoneOffsetSeconds, authentication: authentication,
        pathSegments: path.segments)
      for routeExtension in configuration.routeExtensions {
        if let response = routeExtension.response(to: request, store: &state.store, context: context) {
          entry.notes.append("answered by \(type(of: routeExtension))")
          return response
        }
      }
    }
    let api = PackagesAPI(
      profile: configuration.profile, table: state.table, rootURL: configuration.rootURL,
      offsetSeconds: configuration.timeZoneOffsetSeconds)
    return api.respond(
      to: request, path: path, query: query, authentication: authentication, store: &state.store, entry: &entry)
  }

  // MARK: Faults and events

  private static func firingFault(
    for request: ServerRequest, path: RequestPath, query: QueryParameters, state: inout State
  ) -> (Int, FaultRule)? {
    var firing: (Int, FaultRule)? = nil
    for (index, rule) in state.configuration.faults.enumerated()
    where rule.pattern.matches(request, path: path, query: query) {
      state.faultMatches[index] += 1
      if firing == nil && rule.fires(onMatch: state.faultMatches[index]) {
        firing = (index, rule)
      }
    }
    return firing
  }

  private static func apply(
    _ action: FaultAction, request: ServerRequest, path: RequestPath, query: QueryParameters,
    state: inout State, entry: inout JournalEntry
  ) -> ServerResponse {
    switch action {
    case .respond(let status, let headers, let body):
      return ServerResponse(status: status, headers: headers, body: body)
    case .delay(let duration):
      var response = answer(request, path: path, query: query, state: &state, entry: &entry)
      response.delay = duration
      return response
    case .disrupt(let disruption, let afterHandling):
      var response =
        afterHandling || disruption == .truncatedBody
        ? answer(request, path: path, query: query, state: &state, entry: &entry) : ServerResponse(status: 502)
      response.disruption = disruption
      return response
    case .malformedJSON:
      var response = answer(request, path: path, query: query, state: &state, entry: &entry)
      response.body = response.body.prefix(response.body.count / 2)
      return response
    }
  }

  private static func fireEvents(
    after request: ServerRequest, path: RequestPath, query: QueryParameters, state: inout State,
    entry: inout JournalEntry
  ) {
    for (index, event) in state.configuration.events.enumerated() where !state.firedEvents.contains(index) {
      if let pattern = event.matching, !pattern.matches(request, path: path, query: query) { continue }
      state.eventMatches[index] += 1
      guard state.eventMatches[index] == event.afterRequest else { continue }
      state.firedEvents.insert(index)
      entry.notes.append("event after this request: " + perform(event.action, state: &state))
    }
  }

  private static func perform(_ action: EventAction, state: inout State) -> String {
    switch action {
    case .push(let owner, let type, let name, let version, let created, let children, let manifest):
      let outcome = state.store.push(
        owner: owner, type: type, name: name, version: version, created: created ?? state.now,
        children: children, manifest: manifest)
      return "pushed \(owner)/\(name):\(version) as id \(outcome.id)"
    case .deleteVersion(let owner, let type, let name, let version):
      let deleted = state.store.deleteVersion(owner: owner, type: type, name: name, version: version)
      return deleted ? "deleted \(owner)/\(name):\(version)" : "nothing to delete at \(owner)/\(name):\(version)"
    case .deletePackage(let owner, let type, let name):
      let removed = state.store.deletePackage(owner: owner, type: type, name: name)
      return removed.map { "deleted package \(owner)/\(name) with \($0) version(s)" }
        ?? "no package \(owner)/\(name) to delete"
    }
  }

  // MARK: Direct access to the store

  /// Pushes a tag or digest as the registry would (see `GiteaStore.push`).
  /// `created == nil` uses the fake's clock.
  @discardableResult
  public func push(
    owner: String,
    type: String = "container",
    name: String,
    version: String,
    created: Date? = nil,
    children: [String] = [],
    manifest: ManifestRecord? = nil,
    creator: String? = nil
  ) -> PushOutcome {
    state.withLock { state in
      state.store.push(
        owner: owner, type: type, name: name, version: version, created: created ?? state.now,
        children: children, manifest: manifest, creator: creator)
    }
  }

  /// Deletes one version; `false` when it does not exist.
  @discardableResult
  public func deleteVersion(owner: String, type: String = "container", name: String, version: String) -> Bool {
    state.withLock { $0.store.deleteVersion(owner: owner, type: type, name: name, version: version) }
  }

  /// Runs the part of Gitea's cleanup cron that drops packages without versions.
  @discardableResult
  public func removeEmptyPackages() -> Int {
    state.withLock { $0.store.removeEmptyPackages() }
  }

  /// The current, visible versions of a package, sorted.
  public func versions(owner: String, type: String = "container", name: String) -> [String] {
    state.withLock { $0.store.versionNames(owner: owner, type: type, name: name) }
  }

  /// Every package and version.
  public func allPackages() -> [PackageSnapshot] {
    state.withLock { $0.store.allPackages() }
  }

  /// Runs `body` on the store under the lock (for tests and extensions'
  /// helpers that need several steps at once).
  public func withStore<Value: Sendable>(_ body: (inout GiteaStore) -> Value) -> Value {
    state.withLock { body(&$0.store) }
  }
}
