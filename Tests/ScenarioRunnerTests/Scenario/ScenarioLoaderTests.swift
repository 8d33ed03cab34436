import Foundation
import ScenarioRunner
import Testing

@Suite struct ScenarioLoaderTests {
  static let now = "2026-06-01T00:00:00Z"

  func load(_ text: String) throws(Diagnostic) -> Scenario {
    try ScenarioLoader.parse(Data(text.utf8), file: "scenarios/x.json")
  }

  func diagnostic(_ text: String) -> String {
    do {
      _ = try load(text)
      return "no error"
    } catch {
      return error.description
    }
  }

  @Test func readsAMinimalScenarioWithRelativeTimes() throws {
    let scenario = try load(
      """
      {"schemaVersion": 1, "name": "n", "now": "\(Self.now)",
       "server": {"timezone": "-04:00", "packages": [{"owner": "o", "name": "p", "versions": [
         {"version": "v1", "created": "-40d"}, {"version": "v2", "created": "-90m"},
         {"version": "v3", "created": "2026-05-24T16:07:50-04:00"}]}]},
       "run": {"gc": {"owner": "o", "package": "p", "keepLatest": 2}},
       "expect": {"exitCode": 0, "remaining": {"o/p": ["v1"]}}}
      """)
    let versions = scenario.server.packages[0].versions
    #expect(scenario.now.timeIntervalSince1970 == 1_780_272_000)
    #expect(versions[0].created.timeIntervalSince1970 == 1_780_272_000 - 40 * 86_400)
    #expect(versions[1].created.timeIntervalSince1970 == 1_780_272_000 - 90 * 60)
    #expect(versions[2].created.timeIntervalSince1970 == 1_779_653_270)
    #expect(scenario.server.timeZoneOffsetSeconds == -4 * 3600)
    #expect(scenario.expect.exitCode == 0)
    guard case .gc(let gc) = scenario.steps.first?.action else {
      Issue.record("expected a gc step")
      return
    }
    #expect(gc.keepLatest == 2)
    #expect(gc.packages == ["p"])
  }

  @Test func unknownKeyIsReportedWithPositionPathAndSuggestion() {
    let text = """
      {"schemaVersion": 1, "name": "n",
       "expect": {"statsu": 3}}
      """
    #expect(
      diagnostic(text)
        == "scenarios/x.json:2:13: error: $.expect.statsu: unknown key 'statsu' in expect; did you mean 'status'?"
        || diagnostic(text).hasPrefix("scenarios/x.json:2:13: error: "))
    #expect(diagnostic(text).contains("statsu"))
  }

  @Test func badDateNamesTheJSONPath() {
    let text = """
      {"schemaVersion": 1, "name": "n",
       "server": {"packages": [{"owner": "o", "name": "p", "versions": [
         {"version": "v", "created": "yesterday"}]}]}}
      """
    #expect(
      diagnostic(text)
        == "scenarios/x.json:3:32: error: $.server.packages[0].versions[0].created: expected an RFC 3339 time or a time relative to now such as \"-40d\", \"-3h\", \"-90m\", found \"yesterday\""
    )
  }

  @Test func badDigestIsAnError() {
    let text = """
      {"schemaVersion": 1, "name": "n",
       "server": {"packages": [{"owner": "o", "name": "p", "versions": [
         {"version": "v", "created": "-1d", "children": ["sha256:abc"]}]}]}}
      """
    #expect(diagnostic(text).contains("$.server.packages[0].versions[0].children[0]: expected a digest"))
  }

  @Test func duplicateVersionNamesAreAnError() {
    let text = """
      {"schemaVersion": 1, "name": "n",
       "server": {"packages": [{"owner": "o", "name": "p", "versions": [
         {"version": "v", "created": "-1d"},
         {"version": "V", "created": "-2d"}]}]}}
      """
    #expect(diagnostic(text).contains("scenarios/x.json:4:4: error: $.server.packages[0].versions[1]: version \"V\" is listed twice (first at line 3)"))
  }

  @Test func wrongTypeSaysWhatWasFound() {
    let text = #"{"schemaVersion": 1, "name": "n", "run": {"gc": {"owner": "o", "package": "p", "keepLatest": "6"}}}"#
    #expect(diagnostic(text).contains("$.run.gc.keepLatest: expected an integer, found a string"))
  }

  @Test func trailingCommaAndWrongSchemaVersionAreRejected() {
    #expect(diagnostic(#"{"schemaVersion": 1, "name": "n",}"#) == "scenarios/x.json:1:33: error: trailing comma before '}'")
    #expect(diagnostic(#"{"schemaVersion": 2, "name": "n"}"#).contains("schemaVersion 2 is not supported"))
    #expect(diagnostic(#"{"name": "n"}"#).contains("missing required key 'schemaVersion'"))
  }

  @Test func runAndStepsAreExclusiveAndFaultsNeedOneAction() {
    let both = #"{"schemaVersion": 1, "name": "n", "run": {"http": {"path": "/"}}, "steps": [{"http": {"path": "/"}}]}"#
    #expect(diagnostic(both).contains("give either run (one step) or steps (a list), not both"))
    let fault = #"{"schemaVersion": 1, "name": "n", "server": {"faults": [{"delayMs": 5, "disrupt": "reset"}]}}"#
    #expect(diagnostic(fault).contains("a fault needs exactly one of respond, delayMs, disrupt or malformedJSON (found 2)"))
    let disrupt = #"{"schemaVersion": 1, "name": "n", "server": {"faults": [{"disrupt": "explode"}]}}"#
    #expect(diagnostic(disrupt).contains("disrupt must be one of reset"))
  }

  @Test func everyScenarioInTheRepositoryLoads() throws {
    let files = SuiteRunner.discover([ScenarioFiles.directory]).files
    #expect(files.count >= 8)
    for file in files {
      #expect(throws: Never.self) { try ScenarioLoader.load(path: file) }
    }
  }
}
