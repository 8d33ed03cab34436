import Foundation
import Testing

@testable import RegistryGC

/// The bug cases of peer-tools-and-bug-cases.md §B that are about a whole
/// run, through the command over the model transport. `now` is
/// 2025-06-01T00:00:00Z; ages carry an extra hour.
@Suite("registry-gc: bug cases B-10, B-22, B-26, B-29, B-30")
struct BugCaseCommandTests {
  typealias F = GCFixtures
  typealias H = CommandHarness

  static func deletedNames(_ transport: ModelGiteaTransport) -> [String] {
    transport.deletes.filter { $0.status == 204 }.compactMap {
      if case .deleteVersion(_, _, let version) = $0.route { version } else { nil }
    }.sorted()
  }

  @Test("B-10: deleting an expired tag leaves its co-tag alone")
  func b10CoTagsSurvive() async throws {
    let digest = F.digest("d")
    let transport = F.transport([
      F.row("rc-7", id: 1, created: F.ago(days: 40, hours: 1), children: [digest]),
      F.row("prod", id: 2, created: F.ago(days: 40, hours: 1), children: [digest]),
    ])
    let run = await H.run(
      H.arguments(["--keep-latest", "0", "--keep-days", "30", "--keep", "prod"]), transport: transport)
    #expect(run.exitCode == 0)
    #expect(Self.deletedNames(transport) == ["rc-7"])
    #expect(transport.registry.versions.map(\.version) == ["prod"])
  }

  @Test("B-22: every page is read, whatever page size the server uses", arguments: [true, false])
  func b22AllPagesAreRead(honoursLimit: Bool) async throws {
    let transport = F.transport(F.numberedTags(75)) { $0.honoursLimit = honoursLimit }
    let run = await H.run(H.arguments(["--keep-latest", "6", "--keep-days", "30"]), transport: transport)
    #expect(run.exitCode == 0)
    #expect(Self.deletedNames(transport) == (30...75).map { "t\($0)" }.sorted())
    #expect(transport.registry.versions.map(\.version).sorted() == (1...29).map { $0 < 10 ? "t0\($0)" : "t\($0)" })
  }

  @Test("B-26: a 503 or 502 in the middle of the listing is retried")
  func b26TemporaryErrorsAreRetried() async throws {
    for status in [502, 503] {
      let transport = F.transport(
        F.numberedTags(75), configure: { $0.honoursLimit = false },
        interceptor: { incoming in
          incoming.route.listPage == 2 && incoming.attempt == 1
            ? .answer(ModelGiteaTransport.plainText(status, "temporarily unavailable")) : nil
        })
      let run = await H.run(H.arguments(["--keep-latest", "6", "--keep-days", "30"]), transport: transport)
      #expect(run.exitCode == 0, "HTTP \(status)")
      #expect(run.retryDelays.count == 1)
      #expect(Self.deletedNames(transport).count == 46)
    }
  }

  /// B-26 expects a 500 that happens once to be retried (`expect_a`). The
  /// retry policy retries 429/502/503/504 only, so the run stops (safely,
  /// with exit 2 and nothing deleted) instead of finishing.
  @Test("B-26: a 500 once in the middle of the listing is retried")
  func b26OneServerErrorIsRetried() async throws {
    let transport = F.transport(
      F.numberedTags(75), configure: { $0.honoursLimit = false },
      interceptor: { incoming in
        incoming.route.listPage == 2 && incoming.attempt == 1
          ? .answer(ModelGiteaTransport.json(500, ["message": ""])) : nil
      })
    let run = await H.run(H.arguments(["--keep-latest", "6", "--keep-days", "30"]), transport: transport)
    #expect(run.exitCode == 0)
    #expect(run.retryDelays.count >= 1)
  
    // Whatever the retry policy, a run that stops deletes nothing.
    if run.exitCode == 2 { #expect(transport.deletes.isEmpty) }
  }

  @Test("B-26: a listing that keeps failing deletes nothing and exits 2")
  func b26PersistentErrorAborts() async throws {
    let transport = F.transport(
      F.numberedTags(75), configure: { $0.honoursLimit = false },
      interceptor: { incoming in
        incoming.route.listPage == 2 ? .answer(ModelGiteaTransport.plainText(503, "unavailable")) : nil
      })
    let run = await H.run(H.arguments(["--keep-latest", "6", "--keep-days", "30"]), transport: transport)
    #expect(run.exitCode == 2)
    #expect(transport.deletes.isEmpty)
    #expect(run.retryDelays.count == 3)
    #expect(run.report?.packages.first?.error?.kind == "listingIncomplete")
    #expect(run.console.err.last?.contains("Nothing was deleted.") == true)
  }

  @Test("B-29: a DELETE that always fails is listed, the rest go, exit 1")
  func b29OneFailingDelete() async throws {
    let transport = F.transport(
      (1...4).map { F.row("c\($0)", id: Int64($0), created: F.ago(days: Double(40 + $0))) },
      interceptor: { incoming in
        guard case .deleteVersion(_, _, "c2") = incoming.route else { return nil }
        return .answer(ModelGiteaTransport.plainText(500, "Server Error"))
      })
    let run = await H.run(H.arguments(["--keep-latest", "0", "--keep-days", "30"]), transport: transport)
    #expect(run.exitCode == 1)
    #expect(Self.deletedNames(transport) == ["c1", "c3", "c4"])
    #expect(run.console.outLines.last == "done: deleted 3 / 4 version(s) (0 already gone, 1 failed)")
    #expect(run.console.err.contains { $0.hasPrefix("  ✗ failed c2: ") })
    #expect(run.report?.packages.first?.summary.failed == 1)
  }

  @Test("B-30: a version deleted by someone else in the meantime is already gone, exit 0")
  func b30AlreadyGone() async throws {
    let transport = F.transport(
      [F.row("v1", id: 1, created: F.ago(days: 41)), F.row("v2", id: 2, created: F.ago(days: 40))],
      interceptor: { incoming in
        guard case .deleteVersion(_, let package, "v1") = incoming.route else { return nil }
        return .mutateFirst { $0.remove(package: package, version: "v1") }
      })
    let run = await H.run(H.arguments(["--keep-latest", "0", "--keep-days", "30"]), transport: transport)
    #expect(run.exitCode == 0)
    #expect(Self.deletedNames(transport) == ["v2"])
    #expect(run.console.err == ["warning: acme/app: v1 was already gone (deleted by someone else?)"])
    #expect(run.console.outLines.contains("  - already gone v1"))
    #expect(run.report?.packages.first?.versions.first { $0.version == "v1" }?.result == "already-gone")
  }
}
