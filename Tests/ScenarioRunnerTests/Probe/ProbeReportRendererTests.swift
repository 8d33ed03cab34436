import Foundation
import Testing

@testable import ScenarioRunner

@Suite struct ProbeReportRendererTests {
  static func recording(listStatus: String, authenticated: Bool = true) -> ProbeRecording {
    ProbeRecording(
      recordedAt: "2026-06-01T00:00:00Z", server: "https://git.example.com", owner: "acme", package: "app",
      reportedVersion: "1.22.6",
      conditions: ProbeConditions(authenticated: authenticated, tokenScopes: ["write:package"]),
      answers: [
        ProbeAnswer(probe: "list", request: "GET …", fields: ["status": listStatus]),
        ProbeAnswer(probe: "list-python-urllib", request: "GET …", fields: ["status": listStatus]),
      ])
  }

  static let report = ProfileMatchReport(
    recording: recording(listStatus: "200"),
    matches: [
      ProfileMatch(profile: "gitea-1.22", differences: []),
      ProfileMatch(profile: "gitea-1.23.7", differences: []),
      ProfileMatch(
        profile: "gitea-1.21",
        differences: [
          ProbeDifference(probe: "list", field: "owner keys", expected: "id,login", seen: "id,login,source_id"),
          ProbeDifference(probe: "missing-owner", field: "message", expected: "a|b", seen: AnswerField.absent),
        ]),
    ],
    bestMatch: "gitea-1.22", tiedOnBehaviour: ["gitea-1.22", "gitea-1.23.7"], notes: [])

  @Test func consoleNamesTheBestMatchAndTheLookAlikes() {
    let lines = ProbeReportRenderer.consoleLines(Self.report)
    #expect(lines[1] == "best match: gitea-1.22 (0 differences)")
    #expect(lines[2] == "  gitea-1.22, gitea-1.23.7 answer these probes alike; the reported version picked gitea-1.22")
    #expect(lines.contains("  list · owner keys: only seen: source_id"))
    #expect(lines.contains(#"  missing-owner · message: expected "a|b", seen (absent)"#))
    #expect(!lines.contains { $0.hasPrefix("the differences from the other") })
  }

  @Test func markdownEscapesCellsAndShowsKeyDeltas() {
    let markdown = ProbeReportRenderer.markdown(Self.report)
    #expect(markdown.contains("| `missing-owner` | message | `a\\|b` | _absent_ |"))
    #expect(markdown.contains("| `list` | owner keys |  | only here: `source_id` |"))
    #expect(markdown.contains("`gitea-1.22`, `gitea-1.23.7` answer these probes alike"))
  }

  @Test func jsonCarriesFullValues() throws {
    let object = try #require(
      try JSONSerialization.jsonObject(with: ProbeReportRenderer.json(Self.report)) as? [String: Any])
    #expect(object["format"] as? String == "registry-gc-probe-report/1")
    #expect(object["tiedOnBehaviour"] as? [String] == ["gitea-1.22", "gitea-1.23.7"])
    let profiles = try #require(object["profiles"] as? [[String: Any]])
    let differences = try #require(profiles.last?["differences"] as? [[String: String]])
    #expect(differences.first?["seen"] == "id,login,source_id")
  }

  @Test func notesNameARefusedTokenAndAnAnonymousRun() {
    #expect(
      ProfileMatcher.notes(on: Self.recording(listStatus: "401")) == [
        "the token was refused on the owner list (401); answers that need it differ from every profile"
      ])
    #expect(
      ProfileMatcher.notes(on: Self.recording(listStatus: "401", authenticated: false)) == [
        "no token was given: every probe went out anonymously"
      ])
    #expect(ProfileMatcher.notes(on: Self.recording(listStatus: "200")) == [])
  }

  @Test func recordingsRoundTripAndRejectOtherFormats() throws {
    let recording = Self.recording(listStatus: "200")
    #expect(try ProbeRecording.decode(recording.encoded()) == recording)
    var other = recording
    other.format = "registry-gc-probe-recording/0"
    #expect(throws: ProbeError.self) { try ProbeRecording.decode(other.encoded()) }
    #expect(throws: ProbeError.self) { try ProbeRecording.decode(Data("[1,2]".utf8)) }
  }
}
