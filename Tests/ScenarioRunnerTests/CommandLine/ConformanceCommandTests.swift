import Foundation
import RegistryGC
import ScenarioRunner
import Synchronization
import Testing

@Suite struct ConformanceCommandTests {
  /// A directory of small scenarios: two that pass, one that fails.
  final class Workspace: Sendable {
    let directory: String

    init() throws {
      directory = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try write("a-pass.json", name: "a passes", remaining: ["latest"])
      try write("b-pass.json", name: "b passes", remaining: ["latest"])
      try write("c-fail.json", name: "c fails", remaining: ["latest", "old"])
    }

    func write(_ file: String, name: String, remaining: [String]) throws {
      let list = remaining.map { "\"\($0)\"" }.joined(separator: ", ")
      let text = """
        {"schemaVersion": 1, "name": "\(name)", "now": "2026-06-01T00:00:00Z",
         "server": {"tokens": [{"token": "t", "user": "o", "scopes": ["write:package"]}],
           "packages": [{"owner": "o", "name": "p", "versions": [
             {"version": "latest", "created": "-1d"}, {"version": "old", "created": "-90d"}]}]},
         "run": {"gc": {"owner": "o", "package": "p", "keepLatest": 0, "keepDays": 30}},
         "expect": {"remaining": {"o/p": [\(list)]}}}
        """
      try Data(text.utf8).write(to: URL(fileURLWithPath: "\(directory)/\(file)"))
    }

    deinit {
      try? FileManager.default.removeItem(atPath: directory)
      try? FileManager.default.removeItem(atPath: directory + "-out")
    }
  }

  struct Run {
    var status: Int32
    var out: [String]
    var err: [String]
  }

  func run(_ arguments: [String]) async -> Run {
    let out = Mutex<[String]>([])
    let err = Mutex<[String]>([])
    let console = Console(out: { line in out.withLock { $0.append(line) } }, err: { line in err.withLock { $0.append(line) } })
    let status = await ConformanceCommand.run(arguments: arguments, console: console, environment: ["PATH": "/usr/bin:/bin"])
    return Run(status: status, out: out.withLock { $0 }, err: err.withLock { $0 })
  }

  @Test func runPrintsALinePerScenarioAndTheSummary() async throws {
    let workspace = try Workspace()
    let result = await run(["run", "--jobs", "1", workspace.directory])
    #expect(result.status == 1)
    #expect(result.out.count == 4)
    #expect(result.out.filter { $0.hasPrefix("PASS ") }.count == 2)
    #expect(result.out.contains { $0.hasPrefix("FAIL \(workspace.directory)/c-fail.json [gitea-1.22] c fails") })
    #expect(result.out.last == "2 passed, 1 failed")
  }

  @Test func filterAndShardSplitTheSuite() async throws {
    let workspace = try Workspace()
    #expect(await run(["run", "--filter", "b passes", workspace.directory]).out.last == "1 passed, 0 failed")
    let first = await run(["run", "--shard", "1/2", workspace.directory])
    let second = await run(["run", "--shard", "2/2", workspace.directory])
    #expect(first.out.last == "1 passed, 1 failed")  // a-pass and c-fail
    #expect(second.out.last == "1 passed, 0 failed")  // b-pass
  }

  @Test func lastFailedRerunsOnlyTheFailures() async throws {
    let workspace = try Workspace()
    // Reports go beside the scenario directory: a .json inside it would be read as a scenario.
    let report = workspace.directory + "-out/report.json"
    let junit = workspace.directory + "-out/report.xml"
    let first = await run(["run", "--json", report, "--junit", junit, workspace.directory])
    #expect(first.status == 1)
    #expect(FileManager.default.fileExists(atPath: junit))
    let again = await run(["run", "--last-failed", report, workspace.directory])
    #expect(again.out.first == "rerunning 1 failed scenario run(s) from \(report)")
    #expect(again.out.last == "0 passed, 1 failed")
  }

  @Test func anInvalidFileIsReportedAndExits65WhileTheOthersRun() async throws {
    let workspace = try Workspace()
    try Data(#"{"schemaVersion": 1, "name": "broken", "expect": {"exitcode": 0}}"#.utf8)
      .write(to: URL(fileURLWithPath: workspace.directory + "/d-bad.json"))
    let result = await run(["run", workspace.directory])
    #expect(result.status == 65)
    #expect(
      result.out.contains { $0.hasPrefix("\(workspace.directory)/d-bad.json:1:51: error: $.expect.exitcode: unknown key 'exitcode' in expect; did you mean 'exitCode'?") })
    #expect(result.out.last == "2 passed, 2 failed")
  }

  @Test func usageErrorsExit64() async {
    #expect(await run([]).status == 64)
    #expect(await run(["run"]).status == 64)
    #expect(await run(["run", "--jobs", "0", "x"]).status == 64)
    #expect(await run(["run", "--shard", "3/2", "x"]).status == 64)
    #expect(await run(["run", "--profile", "gitea-9.99", "x"]).status == 64)
    #expect(await run(["run", "--transport", "udp", "x"]).status == 64)
    #expect(await run(["frobnicate"]).status == 64)
    #expect(await run(["--help"]).status == 0)
  }
}
