import FakeGitea
import Foundation
import Testing

@testable import RegistryGC

/// `--http-client`: parsing, the choice per scheme, and whole runs of the
/// command over each client against the fake Gitea on 127.0.0.1.
@Suite("--http-client")
struct HTTPClientChoiceTests {
  static let base = ["--owner", "acme", "--package", "app"]

  static func parse(_ extra: [String], host: String = "http://127.0.0.1:3000") throws -> GCOptions {
    let invocation = try GCOptions.parse(
      base + ["--host", host] + extra, environment: ["GITEA_TOKEN": "t0ken"])
    guard case .run(let options) = invocation else { throw UsageError("not a run") }
    return options
  }

  static func usageError(_ extra: [String], host: String) -> String? {
    do {
      _ = try GCOptions.parse(base + ["--host", host] + extra, environment: ["GITEA_TOKEN": "t0ken"])
      return nil
    } catch {
      return error.message
    }
  }

  @Test func parsesTheChoiceAndDefaultsToAuto() throws {
    #expect(try Self.parse([]).httpClient == .auto)
    #expect(try Self.parse(["--http-client", "socket"]).httpClient == .socket)
    #expect(try Self.parse(["--http-client=urlsession"]).httpClient == .urlsession)
    #expect(
      try Self.parse(["--http-client", "urlsession"], host: "https://git.example.com").httpClient == .urlsession)
  }

  @Test func refusesUnknownClientsAndSocketsForHTTPS() {
    #expect(
      Self.usageError(["--http-client", "curl"], host: "http://127.0.0.1:3000")
        == "--http-client needs auto, urlsession or socket, got \"curl\"")
    #expect(
      Self.usageError(["--http-client", "socket"], host: "https://git.example.com")
        == "--http-client socket speaks plain http only; use urlsession or auto for https://git.example.com")
  }

  @Test func autoPicksSocketsForHTTPAndURLSessionForHTTPS() {
    let plain = URL(string: "http://gitea.internal:3000")!
    let secure = URL(string: "HTTPS://git.example.com")!
    #expect(HTTPClientChoice.auto.resolved(for: plain) == .socket)
    #expect(HTTPClientChoice.auto.resolved(for: secure) == .urlsession)
    #expect(HTTPClientChoice.urlsession.resolved(for: plain) == .urlsession)
    #expect(HTTPClientChoice.socket.resolved(for: plain) == .socket)
    #expect(HTTPClientChoice.auto.makeTransport(for: plain, idleTimeout: .seconds(3)).transport is SocketHTTPTransport)
    #expect(
      HTTPClientChoice.auto.makeTransport(for: secure, idleTimeout: .seconds(3)).transport is URLSessionTransport)
  }

  @Test func theUsageDocumentsTheOption() {
    #expect(GCOptions.usage.contains("--http-client auto|urlsession|socket"))
  }

  // MARK: Whole runs

  /// 12 tags of acme/app, a day apart, oldest first, plus `latest`.
  static func seed() -> GiteaSeed {
    let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    var versions = (1...12).map {
      SeedVersion(version: "v\($0)", created: start.addingTimeInterval(Double($0) * 86_400))
    }
    versions.append(SeedVersion(version: "latest", created: start.addingTimeInterval(13 * 86_400)))
    return GiteaSeed(
      users: [SeedUser(login: "acme")],
      tokens: [SeedToken(value: "t0ken-for-the-run", user: "acme", scopes: ["write:package"])],
      packages: [SeedPackage(owner: "acme", name: "app", versions: versions)])
  }

  @Test(arguments: ["auto", "socket", "urlsession"])
  func aRunOverEachClientDeletesThePlan(client: String) async throws {
    let gitea = InMemoryGitea(seed: Self.seed())
    let server = LoopbackHTTPServer { request, _ in gitea.handle(request) }
    try server.start(port: 0)
    defer { server.stop() }
    let console = CapturedConsole()
    let (exitCode, report) = await RegistryGCCommand.runReporting(
      arguments: Self.base + [
        "--host", server.baseURL, "--keep-latest", "3", "--keep-days", "0", "--now", "2026-06-01T00:00:00Z",
        "--no-references", "--http-client", client,
      ],
      environment: ["GITEA_TOKEN": "t0ken-for-the-run"], console: console.console)
    #expect(exitCode == 0)
    #expect(console.err.isEmpty)
    let summary = try #require(report?.packages.first?.summary)
    #expect(summary == RunReport.Summary(versions: 13, keep: 4, delete: 9, deleted: 9, alreadyGone: 0, failed: 0))
    #expect(!console.all.contains("t0ken-for-the-run"))
    // The run releases its connections when it is over.
    let closed = try await URLSessionTransportTests.eventually { server.statistics.openConnections == 0 }
    #expect(closed)
  }
}
