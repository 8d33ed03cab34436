import FakeGitea
import Foundation
import Testing

@testable import ScenarioRunner

/// `gc-conformance probe` and `compare` end to end, against fakes on loopback.
@Suite final class ProbeCommandTests {
  let directory: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("probe-command-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  func run(_ arguments: [String], environment: [String: String] = [:]) async -> (status: Int32, console: ProbeConsole) {
    let console = ProbeConsole()
    let status = await ConformanceCommand.run(arguments: arguments, console: console.console, environment: environment)
    return (status, console)
  }

  func probeArguments(_ fake: LoopbackGitea) -> [String] {
    ["probe", "--url", fake.server.baseURL, "--owner", "acme", "--package", "app"]
  }

  @Test func probeRecordsAndReportsTheBestMatchWithoutTheToken() async throws {
    let fake = try LoopbackGitea(profile: .gitea1_24)
    defer { fake.stop() }
    let (status, console) = await run(
      probeArguments(fake) + [
        "--record", path("before.json"), "--json", path("report.json"), "--markdown", path("report.md"),
      ],
      environment: ["GITEA_TOKEN": LoopbackGitea.token])
    #expect(status == 0)
    #expect(console.out.contains("best match: gitea-1.24 (0 differences)"))
    #expect(console.out.contains("no differences from gitea-1.24"))
    // The two closest alternatives are detailed; the rest are in the reports.
    #expect(console.out.contains { $0.hasPrefix("differences from gitea-1.25.1 (") })
    #expect(console.out.contains { $0.hasPrefix("differences from gitea-1.25 (") })
    #expect(!console.out.contains { $0.hasPrefix("differences from gitea-1.17 (") })
    #expect(console.out.last?.hasPrefix("the differences from the other 14 profiles are in the --json") == true)
    #expect(console.err.isEmpty)

    let files = try ["before.json", "report.json", "report.md"].map {
      try String(contentsOfFile: path($0), encoding: .utf8)
    }
    for text in files + [console.all] {
      #expect(!text.contains(LoopbackGitea.token))
    }
    let recording = try ProbeRecording.load(path: path("before.json"))
    #expect(recording.answers.map(\.probe) == Probe.allCases.map(\.rawValue))
    #expect(recording.reportedVersion == "1.24.6")

    let report = try #require(try JSONSerialization.jsonObject(with: Data(files[1].utf8)) as? [String: Any])
    #expect(report["bestMatch"] as? String == "gitea-1.24")
    let profiles = try #require(report["profiles"] as? [[String: Any]])
    #expect(profiles.count == GiteaProfile.all.count)
    #expect(files[2].contains("**Best match: `gitea-1.24`** (0 differences)."))
    #expect(files[2].contains("## Differences from `gitea-1.25.1`"))
  }

  @Test func replayNeedsNoServer() async throws {
    let fake = try LoopbackGitea(profile: .forgejo11)
    try (try await fake.probe()).encoded().write(to: URL(fileURLWithPath: path("forgejo.json")))
    fake.stop()

    let (status, console) = await run(
      ["probe", "--replay", path("forgejo.json"), "--markdown", path("replay.md"), "--all"])
    #expect(status == 0)
    #expect(console.out.contains("best match: forgejo-11 (0 differences)"))
    // --all details every profile.
    #expect(console.out.count { $0.hasPrefix("differences from ") || $0.hasPrefix("no differences from ") } == 17)
    #expect(FileManager.default.fileExists(atPath: path("replay.md")))
  }

  @Test func compareListsWhatChangedAcrossAnUpgrade() async throws {
    for (profile, file) in [(GiteaProfile.gitea1_23, "old.json"), (.gitea1_24, "new.json")] {
      let fake = try LoopbackGitea(profile: profile)
      defer { fake.stop() }
      try (try await fake.probe()).encoded().write(to: URL(fileURLWithPath: path(file)))
    }
    let (status, console) = await run(
      ["compare", path("old.json"), path("new.json"), "--json", path("changes.json"), "--markdown", path("changes.md")])
    #expect(status == 0)
    #expect(console.out.contains(#"  missing-version-anonymous · status: old "404", new "401""#))
    #expect(
      console.out.contains(
        #"  missing-version · message: old "package does not exist", new "GetVersionByNameAndVersion: package does not exist""#
      ))
    #expect(console.out.contains("  existing-version-files · keys: only old: Size; only new: size"))

    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("changes.json"))))
        as? [String: Any])
    let changes = try #require(document["changes"] as? [[String: String]])
    let expected = RecordingComparison(
      old: try ProbeRecording.load(path: path("old.json")), new: try ProbeRecording.load(path: path("new.json")))
    #expect(changes.count == expected.changes.count)
    #expect(
      changes.contains {
        $0["probe"] == "latest" && $0["field"] == "status" && $0["old"] == "404" && $0["new"] == "200"
      })
    let markdown = try String(contentsOfFile: path("changes.md"), encoding: .utf8)
    #expect(markdown.contains("| `missing-version-anonymous` | status | `404` | `401` |"))
  }

  @Test func unreachableServerExits2() async throws {
    let fake = try LoopbackGitea(profile: .gitea1_24)
    let url = fake.server.baseURL
    fake.stop()
    let (status, console) = await run(
      ["probe", "--url", url, "--owner", "acme", "--package", "app", "--record", path("never.json")],
      environment: ["GITEA_TOKEN": "t"])
    #expect(status == 2)
    #expect(
      console.err.contains { $0.hasPrefix("error: cannot reach the server: GET \(url)/api/v1/version got no answer") })
    #expect(!FileManager.default.fileExists(atPath: path("never.json")))
  }

  @Test func tokenComesFromTheNamedVariable() async throws {
    let fake = try LoopbackGitea(profile: .gitea1_22)
    defer { fake.stop() }
    let named = await run(
      probeArguments(fake) + ["--token-env", "MY_GITEA", "--record", path("named.json")],
      environment: ["MY_GITEA": LoopbackGitea.token, "GITEA_TOKEN": "wrong"])
    #expect(named.status == 0)
    #expect(try ProbeRecording.load(path: path("named.json")).answer(.list)?.fields["status"] == "200")

    let anonymous = await run(probeArguments(fake) + ["--record", path("anonymous.json")])
    #expect(anonymous.status == 0)
    #expect(anonymous.console.err == ["warning: $GITEA_TOKEN is empty; probing anonymously"])
    #expect(try ProbeRecording.load(path: path("anonymous.json")).conditions.authenticated == false)
  }

  @Test(arguments: [
    ["probe", "--url", "http://127.0.0.1:9", "--package", "app"],
    ["probe", "--url", "ftp://example.com", "--owner", "o", "--package", "p"],
    ["probe", "--owner", "o", "--package", "p", "--bogus"],
    ["probe", "--replay", "x.json", "--url", "http://127.0.0.1:9"],
    ["probe", "--url"],
    ["compare", "only-one.json"],
    ["compare", "a.json", "b.json", "--verbose"],
  ])
  func usageErrorsExit64(arguments: [String]) async {
    let (status, console) = await run(arguments)
    #expect(status == 64)
    #expect(console.err.first?.hasPrefix("error: ") == true)
  }

  @Test func unreadableRecordingsExit2() async throws {
    try Data("{\"format\": \"something else\"}".utf8).write(to: URL(fileURLWithPath: path("other.json")))
    let missing = await run(["probe", "--replay", path("missing.json")])
    #expect(missing.status == 2)
    #expect(missing.console.err.first?.hasPrefix("error: cannot use the recording: cannot read ") == true)
    let wrong = await run(["compare", path("other.json"), path("other.json")])
    #expect(wrong.status == 2)
    #expect(wrong.console.err.first?.contains("not a probe recording") == true)
  }

  @Test func helpTextsNameTheCommands() async {
    let probeHelp = await run(["probe", "--help"])
    #expect(probeHelp.status == 0)
    #expect(probeHelp.console.out.first?.hasPrefix("USAGE: gc-conformance probe --url URL") == true)
    let top = await run(["--help"])
    #expect(top.console.all.contains("gc-conformance compare OLD NEW"))
  }
}
