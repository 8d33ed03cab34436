import FakeGitea
import Foundation
import RegistryGC
import Synchronization

@testable import ScenarioRunner

/// A profile's fake Gitea on 127.0.0.1 (port 0), probed over URLSession as a
/// real server would be.
final class LoopbackGitea: Sendable {
  static let owner = "acme"
  static let package = "app"
  static let token = "gtr_probe_test_token_7f3a9c"

  let gitea: InMemoryGitea
  let server: LoopbackHTTPServer

  /// - Parameters:
  ///   - seed: the data; by default the one the comparison fakes get for 60 versions.
  ///   - faults: faults to stage.
  init(profile: GiteaProfile, seed: GiteaSeed? = nil, faults: [FaultRule] = [], blockedUserAgents: [String] = [])
    throws
  {
    let gitea = InMemoryGitea(
      configuration: FakeGiteaConfiguration(
        profile: profile, blockedUserAgents: blockedUserAgents, faults: faults,
        routeExtensions: [OCIRegistryRoutes()]),
      seed: seed ?? Self.standardSeed())
    let server = LoopbackHTTPServer { request, _ in gitea.handle(request) }
    try server.start()
    gitea.setRootURL(server.baseURL)
    self.gitea = gitea
    self.server = server
  }

  /// The seed a comparison fake gets for `count` versions, with the test token.
  static func standardSeed(versions count: Int = 60, scopes: [String] = ["write:package"]) -> GiteaSeed {
    var seed = ProfileFake.seed(
      owner: owner, package: package,
      conditions: ProbeConditions(authenticated: true, tokenScopes: scopes, matchingVersions: count))
    seed.tokens = [SeedToken(value: token, user: owner, scopes: scopes)]
    return seed
  }

  var baseURL: URL { URL(string: server.baseURL)! }

  /// Probes the server as `gc-conformance probe` does.
  func probe(token: String? = LoopbackGitea.token, scopes: [String] = ["write:package"]) async throws
    -> ProbeRecording
  {
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(10))
    defer { transport.invalidate() }
    let runner = ProbeRunner(
      transport: transport, baseURL: baseURL, names: .fresh(owner: Self.owner, package: Self.package), token: token,
      userAgent: ProbeCommand.defaultUserAgent, tokenScopes: scopes)
    return try await runner.run()
  }

  /// Probes the same fake in-process (no sockets): the same answers, for
  /// tests about normalisation rather than transport.
  func probeInProcess(token: String? = LoopbackGitea.token, scopes: [String] = ["write:package"]) async throws
    -> ProbeRecording
  {
    let runner = ProbeRunner(
      transport: InProcessTransport(gitea: gitea, sleeper: { _ in }), baseURL: baseURL,
      names: .fresh(owner: Self.owner, package: Self.package), token: token, userAgent: ProbeCommand.defaultUserAgent,
      tokenScopes: scopes)
    return try await runner.run()
  }

  func stop() { server.stop() }

  deinit { server.stop() }
}

/// A ``Console`` that keeps its lines.
final class ProbeConsole: Sendable {
  private let lines = Mutex<[(isError: Bool, text: String)]>([])

  var console: Console {
    Console(
      out: { [self] line in lines.withLock { $0.append((false, line)) } },
      err: { [self] line in lines.withLock { $0.append((true, line)) } })
  }

  var out: [String] { lines.withLock { $0.filter { !$0.isError }.map(\.text) } }
  var err: [String] { lines.withLock { $0.filter { $0.isError }.map(\.text) } }
  var all: String { lines.withLock { $0.map(\.text).joined(separator: "\n") } }
}

/// Every profile's expected answers, computed once per set of conditions
/// and shared by the tests that probe fakes seeded alike.
enum SharedExpectations {
  /// What probing a ``LoopbackGitea/standardSeed(versions:scopes:)`` fake records.
  static func conditions(versions: Int = 60, scopes: [String] = ["write:package"]) -> ProbeConditions {
    ProbeConditions(authenticated: true, tokenScopes: scopes, matchingVersions: versions, ownerVisibility: "public")
  }

  /// For the standard seed and a `write:package` token.
  static let standard = Task { await expectations(conditions()) }
  /// For a probe that saw 8 matching versions of an organisation's package.
  static let other = Task { await expectations(conditions(versions: 8)) }
  /// For the standard seed and a `read:package` token.
  static let readOnly = Task { await expectations(conditions(scopes: ["read:package"])) }

  static func expectations(_ conditions: ProbeConditions) async -> [ProfileExpectation] {
    await ProfileMatcher.expectations(
      owner: LoopbackGitea.owner, package: LoopbackGitea.package, conditions: conditions)
  }
}
