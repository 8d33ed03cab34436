import Foundation
import Synchronization

@testable import RegistryGC

/// An in-process `HTTPTransport` that answers from a ``ModelRegistry`` as
/// Gitea would: the owner's list endpoint, DELETE of one version, and the
/// registry's `/v2/token` and `/v2/.../manifests/{tag}`. Every request and
/// its answer are recorded. A test changes answers through an
/// ``Interceptor`` closure, which sees each request before the model does.
final class ModelGiteaTransport: HTTPTransport {
  /// What an interceptor does with one request instead of (or besides)
  /// letting the model answer it.
  enum Intercept: Sendable {
    /// Answer this; the model neither sees nor acts on the request.
    case answer(HTTPResponse)
    /// No answer at all.
    case fail(TransportError)
    /// Let the model answer (and act), then change its answer.
    case rewrite(@Sendable (HTTPResponse) -> HTTPResponse)
    /// Change the model first (someone else's push or delete), then let it answer.
    case mutateFirst(@Sendable (inout ModelRegistry) -> Void)
    /// Let the model act, then lose its answer (a connection dropped after the fact).
    case actThenFail(TransportError)
  }

  /// One request as an interceptor sees it.
  struct Incoming: Sendable {
    var route: ModelRoute
    var request: HTTPRequest
    /// 1 for the first request of the run.
    var sequence: Int
    /// How many times this same route has been asked, this one included.
    var attempt: Int
    /// DELETE requests received before this one.
    var deletesBefore: Int
  }

  typealias Interceptor = @Sendable (Incoming) -> Intercept?

  /// One request and what it got.
  struct Exchange: Sendable {
    var route: ModelRoute
    var request: HTTPRequest
    var outcome: Result<HTTPResponse, TransportError>
    /// Whether the interceptor changed the answer.
    var intercepted: Bool

    var status: Int? { try? outcome.get().status }
  }

  private struct State {
    var registry: ModelRegistry
    var exchanges: [Exchange] = []
    var routeCounts: [ModelRoute: Int] = [:]
    var sequence = 0
    var deletesReceived = 0
    var inFlight: [ModelRoute.Kind: Int] = [:]
    var maxInFlight: [ModelRoute.Kind: Int] = [:]
    var rendezvousDeadline: ContinuousClock.Instant?
  }

  private let state: Mutex<State>
  private let interceptor: Interceptor?
  /// The token the API requires (`Authorization: token …`); `nil` for none.
  let requiredToken: String?
  /// What `/v2/token` hands out and manifests then require as a bearer.
  let pullToken: String
  /// Requests of a kind wait until this many of that kind are in flight at
  /// once (or one second has passed since the first waited), so that a
  /// concurrency bound shows up exactly in ``maxInFlight(_:)``.
  let rendezvous: [ModelRoute.Kind: Int]

  init(
    registry: ModelRegistry, requiredToken: String? = nil, pullToken: String = "model-pull-token",
    rendezvous: [ModelRoute.Kind: Int] = [:], interceptor: Interceptor? = nil
  ) {
    state = Mutex(State(registry: registry))
    self.requiredToken = requiredToken
    self.pullToken = pullToken
    self.rendezvous = rendezvous
    self.interceptor = interceptor
  }

  // MARK: What happened

  var registry: ModelRegistry { state.withLock { $0.registry } }
  /// Every tag (not digest) the model holds, as a complete listing would return them.
  var tagNames: Set<String> {
    Set(registry.versions.filter { !$0.version.hasPrefix("sha256:") }.map(\.version))
  }
  var exchanges: [Exchange] { state.withLock { $0.exchanges } }
  var requests: [HTTPRequest] { exchanges.map(\.request) }
  /// The most requests of `kind` that were being answered at one time.
  func maxInFlight(_ kind: ModelRoute.Kind) -> Int { state.withLock { $0.maxInFlight[kind] ?? 0 } }

  /// The DELETE exchanges, in the order they finished.
  var deletes: [Exchange] {
    exchanges.filter { if case .deleteVersion = $0.route { true } else { false } }
  }

  /// The version names of every DELETE sent (retries included).
  var deletedVersionNames: [String] {
    deletes.compactMap { if case .deleteVersion(_, _, let version) = $0.route { version } else { nil } }
  }

  /// The list requests, in order.
  var listExchanges: [Exchange] { exchanges.filter(\.route.isList) }

  func mutate(_ change: (inout ModelRegistry) -> Void) {
    state.withLock { change(&$0.registry) }
  }

  // MARK: Sending

  func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
    let route = ModelRoute(request)
    let kind = route.kind
    let incoming = state.withLock { state in
      state.sequence += 1
      state.routeCounts[route, default: 0] += 1
      let incoming = Incoming(
        route: route, request: request, sequence: state.sequence, attempt: state.routeCounts[route]!,
        deletesBefore: state.deletesReceived)
      if kind == .deleteVersion { state.deletesReceived += 1 }
      state.inFlight[kind, default: 0] += 1
      state.maxInFlight[kind] = max(state.maxInFlight[kind] ?? 0, state.inFlight[kind]!)
      return incoming
    }
    if let count = rendezvous[kind] { await waitForRendezvous(kind, count) }

    let intercept = interceptor?(incoming)
    let outcome: Result<HTTPResponse, TransportError> = state.withLock { state in
      let outcome: Result<HTTPResponse, TransportError>
      switch intercept {
      case .answer(let response)?: outcome = .success(response)
      case .fail(let error)?: outcome = .failure(error)
      case .rewrite(let change)?: outcome = .success(change(answer(route, request, &state.registry)))
      case .mutateFirst(let change)?:
        change(&state.registry)
        outcome = .success(answer(route, request, &state.registry))
      case .actThenFail(let error)?:
        _ = answer(route, request, &state.registry)
        outcome = .failure(error)
      case nil: outcome = .success(answer(route, request, &state.registry))
      }
      state.exchanges.append(Exchange(route: route, request: request, outcome: outcome, intercepted: intercept != nil))
      state.inFlight[kind]! -= 1
      return outcome
    }
    return try outcome.get()
  }

  private func waitForRendezvous(_ kind: ModelRoute.Kind, _ count: Int) async {
    let deadline = state.withLock { state in
      if state.rendezvousDeadline == nil { state.rendezvousDeadline = .now + .seconds(1) }
      return state.rendezvousDeadline!
    }
    while state.withLock({ ($0.maxInFlight[kind] ?? 0) < count }), ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(1))
    }
  }

  // MARK: The model's answers

  private func answer(_ route: ModelRoute, _ request: HTTPRequest, _ registry: inout ModelRegistry) -> HTTPResponse {
    switch route {
    case .list(let owner, let type, let query, let page, let limit):
      if let refusal = checkAPIToken(request) { return refusal }
      guard registry.ownsAs(owner) else {
        return Self.json(
          404, ["message": "user redirect does not exist [name: \(owner.lowercased())]", "url": Self.swaggerURL])
      }
      let (rows, total) = registry.page(type: type, query: query, page: page, limit: limit)
      var response = HTTPResponse(
        status: 200, headers: ["Content-Type": "application/json;charset=utf-8"], body: registry.jsonBody(rows))
      if registry.sendsTotalCount { response.headers["X-Total-Count"] = String(registry.reportedTotal ?? total) }
      return response

    case .deleteVersion(let owner, let package, let version):
      if let refusal = checkAPIToken(request) { return refusal }
      guard registry.ownsAs(owner) else {
        return Self.json(
          404, ["message": "user redirect does not exist [name: \(owner.lowercased())]", "url": Self.swaggerURL])
      }
      guard registry.remove(package: package, version: version) else {
        return Self.json(404, ["message": "package does not exist", "url": Self.swaggerURL])
      }
      return HTTPResponse(status: 204)

    case .registryToken:
      let granted = HTTPResponse(
        status: 200, headers: ["Content-Type": "application/json"], body: Data("{\"token\":\"\(pullToken)\"}".utf8))
      guard let requiredToken else { return granted }
      let expected = "Basic " + Data("registry-gc:\(requiredToken)".utf8).base64EncodedString()
      guard request.headers["Authorization"] == expected else {
        return Self.json(401, ["errors": [["code": "UNAUTHORIZED", "message": "authentication required"]]])
      }
      return granted

    case .manifest(let repository, let reference):
      guard request.headers["Authorization"] == "Bearer \(pullToken)" else {
        return Self.json(401, ["errors": [["code": "UNAUTHORIZED", "message": "authentication required"]]])
      }
      let prefix = registry.owner.lowercased() + "/"
      guard repository.hasPrefix(prefix),
        let row = registry.find(package: String(repository.dropFirst(prefix.count)), version: reference)
      else {
        return Self.json(404, ["errors": [["code": "MANIFEST_UNKNOWN", "message": "manifest unknown"]]])
      }
      // Written as text: digests need no escaping, and manifests are many in a randomized run.
      if row.children.isEmpty {
        let body = """
          {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
          "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\(GCFixtures.digest(row.id))","size":2},\
          "layers":[]}
          """
        return HTTPResponse(
          status: 200, headers: ["Content-Type": "application/vnd.oci.image.manifest.v1+json"], body: Data(body.utf8))
      }
      let manifests = row.children.map { child in
        """
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(child)","size":1234,\
        "platform":{"architecture":"amd64","os":"linux"}}
        """
      }
      let body = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\
        \(manifests.joined(separator: ","))]}
        """
      return HTTPResponse(
        status: 200, headers: ["Content-Type": "application/vnd.oci.image.index.v1+json"], body: Data(body.utf8))

    case .tagsList(let repository):
      guard request.headers["Authorization"] == "Bearer \(pullToken)" else {
        return Self.json(401, ["errors": [["code": "UNAUTHORIZED", "message": "authentication required"]]])
      }
      // The registry's own view of the tags: independent of any list-page fault.
      let prefix = registry.owner.lowercased() + "/"
      let package = repository.hasPrefix(prefix) ? String(repository.dropFirst(prefix.count)) : ""
      let tags = registry.versions.filter {
        $0.package.lowercased() == package.lowercased() && !$0.version.hasPrefix("sha256:")
      }.map { $0.version.lowercased() }.sorted()
      return HTTPResponse(
        status: 200, headers: ["Content-Type": "application/json"],
        body: (try? JSONSerialization.data(withJSONObject: ["name": repository, "tags": tags])) ?? Data())

    case .unknown:
      return Self.plainText(404, "404 page not found\n")
    }
  }

  private func checkAPIToken(_ request: HTTPRequest) -> HTTPResponse? {
    guard let requiredToken else { return nil }
    guard let header = request.headers["Authorization"] else {
      return Self.json(401, ["message": "token is required", "url": Self.swaggerURL])
    }
    guard header == "token \(requiredToken)" else {
      return Self.json(401, ["message": "invalid username, password or token", "url": Self.swaggerURL])
    }
    return nil
  }

  // MARK: Building answers

  static let swaggerURL = "https://git.example.com/api/swagger"

  /// A JSON answer with Gitea's content type.
  static func json(_ status: Int, _ body: Any, headers: HTTPHeaders = [:]) -> HTTPResponse {
    var response = HTTPResponse(
      status: status, headers: headers,
      body: (try? JSONSerialization.data(withJSONObject: body)) ?? Data())
    if response.headers["Content-Type"] == nil { response.headers["Content-Type"] = "application/json;charset=utf-8" }
    return response
  }

  static func plainText(_ status: Int, _ text: String) -> HTTPResponse {
    HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(text.utf8))
  }

  static func html(_ status: Int, title: String, server: String = "cloudflare") -> HTTPResponse {
    HTTPResponse(
      status: status, headers: ["Content-Type": "text/html; charset=UTF-8", "Server": server],
      body: Data("<!DOCTYPE html><html><head><title>\(title)</title></head><body><h1>\(title)</h1></body></html>".utf8))
  }
}
