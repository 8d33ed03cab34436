import Foundation
import Testing

@testable import RegistryGC

@Suite("GarbageCollector.apply: deleting what the plan says")
struct GarbageCollectorApplyTests {
  typealias F = GCFixtures

  /// `c1`...`c{count}`, all older than any keep rule of ``policy``.
  static func deletable(_ count: Int, package: String = "app") -> [ModelVersion] {
    (1...count).map { F.row("c\($0)", id: Int64(100 - $0), created: F.ago(days: Double(200 + $0)), package: package) }
  }

  static let policy = makePolicy(keepLatest: 0, keepDays: 30)

  static func collector(_ transport: ModelGiteaTransport, concurrency: Int = 4) -> GarbageCollector {
    GarbageCollector(
      client: F.client(transport), referenceReader: F.reader(transport), policy: policy, concurrency: concurrency)
  }

  static func run(
    _ transport: ModelGiteaTransport, concurrency: Int = 4, package: String = "app"
  ) async throws -> (Plan, ApplyResult) {
    let collector = collector(transport, concurrency: concurrency)
    let plan = try await collector.plan(owner: "acme", package: package, now: F.now)
    return (plan, try await collector.apply(plan))
  }

  @Test func deletesEveryPlannedVersionWith204() async throws {
    let transport = F.transport(Self.deletable(4) + [F.row("latest", id: 1, created: F.ago(days: 300))])
    let (plan, result) = try await Self.run(transport)
    #expect(plan.deletionNames == ["c1", "c2", "c3", "c4"])
    #expect(result.results.map(\.status) == Array(repeating: .deleted, count: 4))
    #expect(result.results.map(\.version) == ["c1", "c2", "c3", "c4"])
    #expect(result.warnings.isEmpty)
    #expect(result.deletedCount == 4)
    #expect(transport.registry.versions.map(\.version) == ["latest"])
    for request in transport.deletes.map(\.request) {
      #expect(request.headers["User-Agent"] == F.userAgent)
      #expect(request.headers["Authorization"] == "token \(F.token)")
    }
  }

  @Test("B-30: a 404 for a version that is gone on relisting is already gone")
  func aVanishedVersionIsAlreadyGone() async throws {
    let transport = F.transport(Self.deletable(2))
    let collector = Self.collector(transport)
    let plan = try await collector.plan(owner: "acme", package: "app", now: F.now)
    transport.mutate { $0.remove(package: "app", version: "c1") }  // another run was quicker
    let result = try await collector.apply(plan)
    #expect(
      result.results == [
        DeletionResult(version: "c1", status: .alreadyGone), DeletionResult(version: "c2", status: .deleted),
      ])
    #expect(result.warnings == ["c1 was already gone (deleted by someone else?)"])
    #expect(result.alreadyGoneCount == 1)
    #expect(result.failedCount == 0)
    // Listing (page 1 and the empty page 2), then a relisting whose first
    // page is already empty.
    #expect(transport.listExchanges.count == 3)
  }

  @Test("B-31: a 404 while the version is still listed means the URL is wrong")
  func aNotFoundForAListedVersionIsAFailure() async throws {
    let transport = F.transport(
      Self.deletable(2),
      interceptor: { incoming in
        guard case .deleteVersion(_, _, "c2") = incoming.route else { return nil }
        return .answer(ModelGiteaTransport.json(404, ["message": "package does not exist"]))
      })
    let (_, result) = try await Self.run(transport)
    #expect(
      result.results == [
        DeletionResult(version: "c1", status: .deleted),
        DeletionResult(
          version: "c2", status: .failed,
          message: "DELETE answered 404 but the version is still listed, so the delete URL is wrong"),
      ])
    #expect(result.warnings.isEmpty)
    #expect(transport.registry.find(package: "app", version: "c2") != nil)
  }

  @Test func aNotFoundStaysAFailureWhenTheRelistingFails() async throws {
    let transport = F.transport(
      Self.deletable(2),
      interceptor: { incoming in
        if case .deleteVersion(_, _, "c1") = incoming.route {
          return .answer(ModelGiteaTransport.json(404, ["message": "package does not exist"]))
        }
        if incoming.route.isList, incoming.deletesBefore > 0 {
          return .answer(ModelGiteaTransport.json(500, ["message": ""]))
        }
        return nil
      })
    let (_, result) = try await Self.run(transport)
    #expect(
      result.results[0] == DeletionResult(version: "c1", status: .failed, message: "HTTP 404: package does not exist"))
    #expect(result.results[1].status == .deleted)
    #expect(
      result.warnings == [
        "could not list again to confirm 404s as already gone: GET /api/v1/packages/acme failed with HTTP 500: \"\"."
      ])
  }

  @Test("B-29: a 500 fails one deletion and the others still go")
  func aServerErrorFailsOnlyThatDeletion() async throws {
    let transport = F.transport(
      Self.deletable(4),
      interceptor: { incoming in
        guard case .deleteVersion(_, _, "c2") = incoming.route else { return nil }
        return .answer(ModelGiteaTransport.json(500, ["message": "database is locked"]))
      })
    let (_, result) = try await Self.run(transport, concurrency: 1)
    #expect(result.results.map(\.status) == [.deleted, .failed, .deleted, .deleted])
    #expect(
      result.results[1].message
        == "DELETE /api/v1/packages/acme/container/app/c2 failed with HTTP 500: \"database is locked\".")
    #expect(result.failedCount == 1)
    #expect(result.deletedCount == 3)
    #expect(transport.deletedVersionNames == ["c1", "c2", "c3", "c4"])
    #expect(transport.registry.versions.map(\.version) == ["c2"])
  }

  @Test func noAnswerToADeleteIsAFailure() async throws {
    let transport = F.transport(
      Self.deletable(2),
      interceptor: { incoming in
        guard case .deleteVersion(_, _, "c1") = incoming.route else { return nil }
        return .fail(TransportError(.cannotConnect, "connection refused"))
      })
    let (_, result) = try await Self.run(transport)
    #expect(
      result.results[0]
        == DeletionResult(
          version: "c1", status: .failed,
          message: "DELETE /api/v1/packages/acme/container/app/c1 got no answer: connection refused"))
    #expect(result.results[1].status == .deleted)
  }

  @Test(arguments: [1, 2, 3, 5])
  func theConcurrencyBoundIsRespected(bound: Int) async throws {
    let transport = F.transport(Self.deletable(12), rendezvous: [.deleteVersion: bound])
    let (_, result) = try await Self.run(transport, concurrency: bound)
    #expect(result.deletedCount == 12)
    #expect(transport.maxInFlight(.deleteVersion) == bound)
  }

  /// A transport that keeps at most `connectionLimit` requests at the
  /// server queues the rest itself, so it is handed more DELETEs at once;
  /// one without a limit, or with a larger one, gets exactly `concurrency`.
  @Test(arguments: [(2, 2, 2 * GarbageCollector.deletionsQueuedPerConnection), (2, 5, 2), (3, nil, 3)])
  func deletionsHandedAtOnceFollowTheTransportsLimit(concurrency: Int, limit: Int?, handed: Int) async throws {
    let model = F.transport(Self.deletable(24), rendezvous: [.deleteVersion: handed])
    let transport = DeclaredLimitTransport(base: model, connectionLimit: limit)
    let collector = GarbageCollector(
      client: F.client(transport), referenceReader: nil, policy: Self.policy, concurrency: concurrency)
    let plan = try await collector.plan(owner: "acme", package: "app", now: F.now)
    let result = try await collector.apply(plan)
    #expect(result.deletedCount == 24)
    #expect(model.maxInFlight(.deleteVersion) == handed)
  }

  @Test func progressIsReportedForEveryDeletion() async throws {
    let transport = F.transport(Self.deletable(5))
    let collector = Self.collector(transport, concurrency: 2)
    let plan = try await collector.plan(owner: "acme", package: "app", now: F.now)
    let seen = Recorder<String>()
    _ = try await collector.apply(plan, progress: { done, total in seen.record("\(done)/\(total)") })
    #expect(seen.recorded == ["1/5", "2/5", "3/5", "4/5", "5/5"])
  }

  @Test(
    "a tampered plan is refused before any DELETE",
    arguments: ["latest", "corpus-1", "v6", "young", F.digest("c0")])
  func aTamperedPlanIsRefused(victim: String) async throws {
    let versions =
      [
        F.row("latest", id: 50, created: F.ago(days: 300)), F.row("corpus-1", id: 49, created: F.ago(days: 300)),
        F.row("young", id: 48, created: F.ago(days: 10)),
        F.row(F.digest("c0"), id: 47, created: F.ago(days: 300)),
        F.row("v6", id: 46, created: F.ago(days: 200), children: [F.digest("c0")]),
      ] + Self.deletable(3)
    let transport = F.transport(versions)
    let collector = GarbageCollector(
      client: F.client(transport), referenceReader: F.reader(transport), policy: makePolicy(keepLatest: 2, keepDays: 30)
    )
    let plan = try await collector.plan(owner: "acme", package: "app", now: F.now)
    #expect(plan.deletionNames == ["c1", "c2", "c3"])
    do {
      _ = try await collector.apply(plan.tampered(deleting: victim))
      Issue.record("the tampered plan was applied")
    } catch {
      #expect(error.kind == .invariantViolated)
      #expect(error.message.hasPrefix("The plan for acme/app breaks a safety rule, so nothing was deleted: \(victim) "))
    }
    #expect(transport.deletes.isEmpty)
  }

  /// `.` and `..` are steps in a path: `/app/.` becomes `/app/`, which on
  /// Gitea 1.26 deletes the whole package.
  @Test(arguments: [("acme", "app", "."), ("acme", "app", ".."), ("acme", "..", "v1"), (".", "app", "v1")])
  func aDotSegmentIsNeverSent(owner: String, package: String, version: String) async {
    let transport = F.transport([])
    let outcome = await F.client(transport).deleteVersion(owner: owner, package: package, version: version)
    #expect(outcome == .failed("refused to send a DELETE for \"\(version)\": \".\" and \"..\" are path steps, not names"))
    #expect(transport.exchanges.isEmpty)
  }

  @Test func anEmptyVersionIsNeverSent() async {
    let transport = F.transport([])
    let outcome = await F.client(transport).deleteVersion(owner: "acme", package: "app", version: "")
    #expect(outcome == .failed("refused to send a DELETE with an empty owner, package or version"))
    #expect(transport.requests.isEmpty)
  }

  @Test("B-31: names with a slash are deleted as one %2F segment")
  func slashesAreEncoded() async throws {
    let transport = F.transport(Self.deletable(1, package: "team/app"))
    let (_, result) = try await Self.run(transport, package: "team/app")
    #expect(result.deletedCount == 1)
    let url = try #require(transport.deletes.first?.request.url)
    #expect(
      URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath
        == "/api/v1/packages/acme/container/team%2Fapp/c1")
    #expect(transport.registry.versions.isEmpty)
  }

  @Test func digestsAreDeletedWithAnEncodedColon() async throws {
    let digest = F.digest("dead")
    let transport = F.transport([F.row(digest, id: 1, created: F.ago(days: 300))])
    let (_, result) = try await Self.run(transport)
    #expect(result.results == [DeletionResult(version: digest, status: .deleted)])
    let url = try #require(transport.deletes.first?.request.url)
    #expect(
      URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath
        == "/api/v1/packages/acme/container/app/sha256%3A" + digest.dropFirst(7))
  }
}

/// Passes requests through and declares a connection limit it does not
/// enforce, to see what the collector hands a limited transport.
private struct DeclaredLimitTransport: HTTPTransport {
  let base: any HTTPTransport
  let connectionLimit: Int?

  func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
    try await base.send(request)
  }
}
