import Foundation
import Testing

@testable import RegistryGC

@Suite("RegistryGCCommand: end to end over the model transport")
struct RegistryGCCommandTests {
  typealias F = GCFixtures
  typealias H = CommandHarness

  /// latest, corpus-1 and v3 stay under `--keep-latest 1 --keep-days 30`; v2 and v1 go.
  static func registry(package: String = "app") -> [ModelVersion] {
    [
      F.row("latest", id: 10, created: F.ago(days: 300), package: package),
      F.row("corpus-1", id: 9, created: F.ago(days: 250), package: package, offsetMinutes: 120),
      F.row("v3", id: 8, created: F.ago(days: 100), package: package, offsetMinutes: -240),
      F.row("v2", id: 7, created: F.ago(days: 110), package: package),
      F.row("v1", id: 6, created: F.ago(days: 120), package: package, offsetMinutes: 330),
    ]
  }

  static let policyArguments = ["--keep-latest", "1", "--keep-days", "30"]

  static func pad(_ text: String) -> String { text + String(repeating: " ", count: max(0, 28 - text.count)) }

  @Test func aCleanRunDeletesThePlanAndExitsZero() async throws {
    let transport = F.transport(Self.registry())
    let run = await H.run(H.arguments(Self.policyArguments), transport: transport)
    #expect(run.exitCode == 0)
    #expect(transport.deletedVersionNames.sorted() == ["v1", "v2"])
    #expect(transport.registry.versions.map(\.version) == ["latest", "corpus-1", "v3"])
    #expect(
      run.console.outLines == [
        "=== acme/app: 5 version(s): 5 tag(s) ===",
        "  KEEP \(Self.pad("v3")) keep-latest #1/1",
        "  DEL  \(Self.pad("v2")) older than --keep-days (110 > 30 days)  created=2025-02-11T00:00:00Z",
        "  DEL  \(Self.pad("v1")) older than --keep-days (120 > 30 days)  created=2025-02-01T05:30:00+05:30",
        "  KEEP \(Self.pad("corpus-1")) matches keep pattern corpus-*",
        "  KEEP \(Self.pad("latest")) always-keep (:latest)",
        "  ✓ deleted v2",
        "  ✓ deleted v1",
        "done: deleted 2 / 2 version(s) (0 already gone, 0 failed)",
      ])
    #expect(run.console.err.isEmpty)
    let report = try #require(run.report)
    #expect(report.exitCode == 0)
    #expect(report.packages.map(\.status) == ["applied"])
    #expect(
      report.packages[0].summary
        == RunReport.Summary(versions: 5, keep: 3, delete: 2, deleted: 2, alreadyGone: 0, failed: 0))
  }

  @Test func aDryRunSendsNoDelete() async throws {
    let transport = F.transport(Self.registry())
    let run = await H.run(H.arguments(Self.policyArguments + ["--dry-run"]), transport: transport)
    #expect(run.exitCode == 0)
    #expect(transport.deletes.isEmpty)
    #expect(transport.requests.allSatisfy { $0.method == "GET" })
    #expect(run.console.outLines.last == "--dry-run; would delete 2 of 5 version(s)")
    #expect(run.report?.dryRun == true)
    #expect(run.report?.packages.map(\.status) == ["planned"])
    #expect(run.report?.packages[0].versions.allSatisfy { $0.result == nil } == true)
  }

  @Test func nothingToDeleteSaysSo() async throws {
    let transport = F.transport(Array(Self.registry().prefix(3)))
    let run = await H.run(H.arguments(Self.policyArguments), transport: transport)
    #expect(run.exitCode == 0)
    #expect(run.console.outLines.last == "nothing to delete")
    #expect(transport.deletes.isEmpty)
  }

  @Test func aFailedDeletionExitsOneAndTheOthersStillGo() async throws {
    let transport = F.transport(
      Self.registry(),
      interceptor: { incoming in
        guard case .deleteVersion(_, _, "v2") = incoming.route else { return nil }
        return .answer(ModelGiteaTransport.json(500, ["message": ""]))
      })
    let run = await H.run(H.arguments(Self.policyArguments), transport: transport)
    #expect(run.exitCode == 1)
    #expect(transport.registry.find(package: "app", version: "v1") == nil)
    #expect(
      run.console.err == ["  ✗ failed v2: DELETE /api/v1/packages/acme/container/app/v2 failed with HTTP 500: \"\"."])
    #expect(run.console.outLines.last == "done: deleted 1 / 2 version(s) (0 already gone, 1 failed)")
    let versions = try #require(run.report?.packages.first?.versions)
    #expect(versions.first { $0.version == "v2" }?.result == "failed")
    #expect(versions.first { $0.version == "v1" }?.result == "deleted")
    #expect(run.report?.exitCode == 1)
  }

  @Test func anIncompleteListingExitsTwoWithoutDeleting() async throws {
    let transport = F.transport(
      F.numberedTags(75),
      configure: { $0.honoursLimit = false },
      interceptor: { incoming in
        incoming.route.listPage == 2 ? .answer(ModelGiteaTransport.json(500, ["message": ""])) : nil
      })
    let run = await H.run(H.arguments(), transport: transport)
    #expect(run.exitCode == 2)
    #expect(transport.deletes.isEmpty)
    // A 500 on a GET is retried (attempts 2 to 4), then the run stops.
    #expect(run.console.err.count == 4)
    #expect(run.console.err.dropLast().allSatisfy { $0.hasPrefix("warning: retrying GET ") && $0.contains("page=2") })
    #expect(
      run.console.err.last
        == "error: acme/app: Listing stopped at page 2: GET /api/v1/packages/acme failed with HTTP 500: \"\". Nothing was deleted."
    )
    #expect(run.console.out.isEmpty)
    let package = try #require(run.report?.packages.first)
    #expect(package.status == "aborted")
    #expect(package.error?.kind == "listingIncomplete")
  }

  @Test func aWrongTokenExitsTwo() async throws {
    let transport = F.transport(Self.registry())
    let run = await H.run(H.arguments(), environment: ["GITEA_TOKEN": "expired-token-123"], transport: transport)
    #expect(run.exitCode == 2)
    #expect(run.report?.packages.first?.error?.kind == "unauthorized")
    #expect(!run.everythingPrinted.contains("expired-token-123"))
  }

  @Test func retriesAreWarnedAboutAndTheRunGoesOn() async throws {
    let transport = F.transport(
      Self.registry(),
      interceptor: { incoming in
        incoming.route.listPage == 1 && incoming.attempt == 1
          ? .answer(ModelGiteaTransport.plainText(503, "Service Unavailable")) : nil
      })
    let run = await H.run(H.arguments(Self.policyArguments), transport: transport)
    #expect(run.exitCode == 0)
    #expect(run.retryDelays.count == 1)
    #expect(run.console.err.count == 1)
    #expect(run.console.err.first?.hasPrefix("warning: ") == true)
    #expect(transport.deletedVersionNames.sorted() == ["v1", "v2"])
  }

  @Test func theJSONReportMatchesThePlan() async throws {
    let transport = F.transport(Self.registry())
    let run = await H.run(H.arguments(Self.policyArguments + ["--json"]), transport: transport)
    #expect(run.exitCode == 0)
    #expect(run.console.out.count == 1)
    let printed = try #require(run.console.out.first)
    let decoded = try JSONDecoder().decode(RunReport.self, from: Data(printed.utf8))
    #expect(decoded == run.report)
    #expect(decoded.schema == "registry-gc/run-v1")
    #expect(decoded.dryRun == false)
    #expect(decoded.now == "2025-06-01T00:00:00Z")
    #expect(
      decoded.policy
        == RunReport.PolicyReport(
          keepLatest: 1, keepDays: 30, keepPatterns: ["latest", "corpus-*"], digestGraceSeconds: 86_400))
    let package = try #require(decoded.packages.first)
    #expect(package.owner == "acme" && package.package == "app" && package.references == "not-needed")
    let rows = package.versions.map { "\($0.version) \($0.kind) \($0.decision) \($0.rule) \($0.result ?? "-")" }
    #expect(
      rows == [
        "v3 tag keep keep-latest -", "v2 tag delete expired deleted", "v1 tag delete expired deleted",
        "corpus-1 tag keep keep-pattern -", "latest tag keep latest -",
      ])
    #expect(package.versions.map(\.id) == [8, 7, 6, 9, 10])
    #expect(package.versions[2].createdAt == "2025-02-01T05:30:00+05:30")
    #expect(package.versions[0].reason == "keep-latest #1/1")
    // The printed bytes are the report's own stable encoding.
    #expect(Data(printed.utf8) == decoded.encoded())
  }

  @Test func theJSONReportOfADryRunWithDigests() async throws {
    let child = F.digest("c1")
    let transport = F.transport([
      F.row("v2", id: 4, created: F.ago(days: 40), children: [child]),
      F.row(child, id: 3, created: F.ago(days: 40)),
      F.row("v1", id: 2, created: F.ago(days: 50), children: [F.digest("c0")]),
      F.row(F.digest("c0"), id: 1, created: F.ago(days: 50)),
    ])
    let run = await H.run(H.arguments(Self.policyArguments + ["--json", "--dry-run"]), transport: transport)
    let printed = try #require(run.console.out.first)
    let decoded = try JSONDecoder().decode(RunReport.self, from: Data(printed.utf8))
    let package = try #require(decoded.packages.first)
    #expect(package.references == "known")
    #expect(package.versions.map(\.decision) == ["keep", "keep", "delete", "delete"])
    #expect(package.versions[0].references == [child])
    #expect(package.versions[1].kind == "digest")
    #expect(package.versions[1].reason == "referenced by v2")
    #expect(transport.deletes.isEmpty)
  }

  @Test func theTokenNeverAppearsInAnyOutput() async throws {
    let scenarios: [(arguments: [String], interceptor: ModelGiteaTransport.Interceptor?)] = [
      (H.arguments(Self.policyArguments), nil),
      (H.arguments(Self.policyArguments + ["--json"]), nil),
      (H.arguments(Self.policyArguments + ["--json", "--dry-run"]), nil),
      (
        H.arguments(["--keep-days", "1"]),
        { _ in .answer(ModelGiteaTransport.json(401, ["message": "token is required"])) }
      ),
      (H.arguments(["--json"]), { _ in .answer(ModelGiteaTransport.html(403, title: "Attention Required!")) }),
      (H.arguments(Self.policyArguments), { _ in .fail(TransportError(.cannotConnect, "connection refused")) }),
      (
        H.arguments(Self.policyArguments + ["--json"]),
        { incoming in
          if case .deleteVersion = incoming.route { return .answer(ModelGiteaTransport.json(403, ["message": "nope"])) }
          return nil
        }
      ),
      (["--owner", "acme", "--package", "app", "--host", "https://git.example.com/api/v1"], nil),
      (["--owner", "acme", "--package", "app", "--host", "https://x", "--bogus"], nil),
    ]
    for scenario in scenarios {
      let transport = F.transport(
        Self.registry() + [F.row(F.digest("ab"), id: 1, created: F.ago(days: 300))], interceptor: scenario.interceptor)
      let run = await H.run(scenario.arguments, transport: transport)
      let text = run.everythingPrinted
      for form in H.leakForms(of: F.token) {
        #expect(!text.contains(form), "\(scenario.arguments) printed the token")
      }
      #expect(!text.isEmpty)
    }
  }

  @Test func aUsageErrorExits64WithASuggestion() async throws {
    let transport = F.transport(Self.registry())
    let run = await H.run(H.arguments(["--keep-day", "3"]), transport: transport)
    #expect(run.exitCode == 64)
    #expect(run.report == nil)
    #expect(
      run.console.err == [
        "error: unknown option --keep-day; did you mean --keep-days?", "Run registry-gc --help for the options.",
      ])
    #expect(transport.requests.isEmpty)
  }

  @Test func aMissingTokenExits64() async throws {
    let transport = F.transport(Self.registry())
    let run = await H.run(H.arguments(), environment: [:], transport: transport)
    #expect(run.exitCode == 64)
    #expect(run.console.err.first?.hasPrefix("error: GITEA_TOKEN is not set") == true)
    #expect(transport.requests.isEmpty)
  }

  @Test func aHostEndingInAPIv1Exits64() async throws {
    let transport = F.transport(Self.registry())
    let arguments = ["--owner", "acme", "--package", "app", "--host", "https://git.example.com/api/v1"]
    let run = await H.run(arguments, transport: transport)
    #expect(run.exitCode == 64)
    #expect(
      run.console.err.first
        == "error: the host \"https://git.example.com/api/v1\" ends in /api/v1; give Gitea's root URL, without /api/v1")
    #expect(transport.requests.isEmpty)
  }

  @Test func aHostWithAPathThatIsNotGiteaExitsTwo() async throws {
    // Gitea lives at the root; /gitea/api/v1/... hits Go's plain 404.
    let transport = F.transport(Self.registry())
    let arguments = [
      "--owner", "acme", "--package", "app", "--host", "https://git.example.com/gitea", "--now", F.nowText,
    ]
    let run = await H.run(arguments, transport: transport)
    #expect(run.exitCode == 2)
    #expect(run.report?.packages.first?.error?.kind == "notFound")
    #expect(run.console.err.first?.contains("is not a Gitea API route on this host") == true)
  }

  @Test func helpAndVersionExitZero() async throws {
    let transport = F.transport([])
    let help = await H.run(["--help"], environment: [:], transport: transport)
    #expect(help.exitCode == 0)
    #expect(help.console.out == [GCOptions.usage])
    let version = await H.run(["--version"], environment: [:], transport: transport)
    #expect(version.exitCode == 0)
    #expect(version.console.out == ["registry-gc 1.0.0"])
    #expect(transport.requests.isEmpty)
  }

  @Test("B-31: a name with a slash is deleted through %2F")
  func slashNamesAreEncoded() async throws {
    let transport = F.transport(Self.registry(package: "team/app"))
    let run = await H.run(H.arguments(package: "team/app", Self.policyArguments), transport: transport)
    #expect(run.exitCode == 0)
    let paths = transport.deletes.compactMap {
      URLComponents(url: $0.request.url, resolvingAgainstBaseURL: false)?.percentEncodedPath
    }
    #expect(
      paths.sorted() == [
        "/api/v1/packages/acme/container/team%2Fapp/v1", "/api/v1/packages/acme/container/team%2Fapp/v2",
      ])
    #expect(transport.deletes.allSatisfy { $0.status == 204 })
  }

  @Test("B-37: a missing package exits 2 and deletes nothing")
  func aMissingPackageExitsTwo() async throws {
    let transport = F.transport(Self.registry(package: "app-preview"))
    let run = await H.run(H.arguments(), transport: transport)
    #expect(run.exitCode == 2)
    #expect(transport.deletes.isEmpty)
    #expect(
      run.console.err == [
        "error: acme/app: No package named \"app\" owned by \"acme\" was found (the search also matched: app-preview). Check --owner and --package."
      ])
    #expect(run.report?.packages.first?.error?.kind == "notFound")

    let answering404 = F.transport(
      Self.registry(),
      interceptor: { incoming in
        incoming.route.isList ? .answer(ModelGiteaTransport.json(404, ["message": "package does not exist"])) : nil
      })
    let second = await H.run(H.arguments(), transport: answering404)
    #expect(second.exitCode == 2)
    #expect(answering404.deletes.isEmpty)
    #expect(second.report?.packages.first?.error?.kind == "notFound")
    #expect(second.console.err.first?.contains("404 \"package does not exist\"") == true)
  }

  @Test func anUnknownOwnerExitsTwoNamingIt() async throws {
    let transport = F.transport(Self.registry())
    let arguments = ["--owner", "acme-typo", "--package", "app", "--host", F.host.absoluteString, "--now", F.nowText]
    let run = await H.run(arguments, transport: transport)
    #expect(run.exitCode == 2)
    #expect(run.console.err.first?.contains("The owner \"acme-typo\" does not exist on this Gitea") == true)
  }

  @Test func severalPackagesAreReportedOneByOne() async throws {
    let transport = F.transport(
      Self.registry()
        + Self.registry(package: "tools").map {
          var row = $0
          row.id += 100
          return row
        })
    let arguments = H.arguments(Self.policyArguments + ["--package", "tools", "--package", "missing"])
    let run = await H.run(arguments, transport: transport)
    let report = try #require(run.report)
    #expect(report.packages.map(\.package) == ["app", "tools", "missing"])
    #expect(report.packages.map(\.status) == ["applied", "applied", "aborted"])
    #expect(transport.deletes.count == 4)
    // A package that could not be listed makes the run's status 2, even though others were cleaned.
    #expect(run.exitCode == 2)
  }

  @Test func theUserAgentAndConcurrencyOptionsReachTheWire() async throws {
    let versions = (1...9).map { F.row("old\($0)", id: Int64($0), created: F.ago(days: Double(100 + $0))) }
    let transport = F.transport(versions, rendezvous: [.deleteVersion: 3])
    let run = await H.run(
      H.arguments(["--keep-latest", "0", "--keep-days", "30", "--concurrency", "3", "--user-agent", "gc-bot/2"]),
      transport: transport)
    #expect(run.exitCode == 0)
    #expect(transport.maxInFlight(.deleteVersion) == 3)
    #expect(transport.requests.allSatisfy { $0.headers["User-Agent"] == "gc-bot/2" })
  }

  @Test func aTerminalShowsProgressForLongRunsUnlessTurnedOff() async throws {
    let versions = (1...20).map { F.row("old\($0)", id: Int64($0), created: F.ago(days: Double(100 + $0))) }
    let arguments = H.arguments(["--keep-latest", "0", "--keep-days", "30"])
    let shown = await H.run(arguments, transport: F.transport(versions), isTerminal: true)
    #expect(shown.exitCode == 0)
    #expect(shown.console.err.filter { $0.hasPrefix("\u{1B}[2K\rdeleting ") }.count == 20)
    #expect(shown.console.err.contains("\u{1B}[2K\rdeleting 20/20"))
    let hidden = await H.run(arguments + ["--no-progress"], transport: F.transport(versions), isTerminal: true)
    #expect(hidden.exitCode == 0)
    #expect(!hidden.console.err.contains { $0.contains("deleting ") })
    #expect(hidden.transport.deletes.count == 20)
  }
}
