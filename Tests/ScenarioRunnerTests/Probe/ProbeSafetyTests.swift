import FakeGitea
import Foundation
import Testing

@testable import ScenarioRunner

/// The probe must never change a server's state: it reads, and deletes only
/// a version that a GET just showed does not exist.
@Suite struct ProbeSafetyTests {
  /// Checks the journal rule (GET or HEAD, or a DELETE of a random version
  /// right after a GET of it answered 404) and returns the DELETE entries.
  @discardableResult
  static func expectOnlySafeRequests(_ journal: [JournalEntry]) -> [JournalEntry] {
    var deletes: [JournalEntry] = []
    for (index, entry) in journal.enumerated() {
      switch entry.method {
      case "GET", "HEAD":
        continue
      case "DELETE":
        deletes.append(entry)
        let previous = index > 0 ? journal[index - 1] : nil
        #expect(previous?.method == "GET", "DELETE \(entry.target) was not preceded by a GET")
        #expect(previous?.target == entry.target, "the GET before DELETE \(entry.target) asked for something else")
        #expect(previous?.status == 404, "DELETE \(entry.target) followed a GET that answered \(previous?.status ?? 0)")
        #expect(entry.path.contains("/registry-gc-probe-"), "DELETE of a version with a real name: \(entry.target)")
        #expect(entry.status != 204, "the DELETE removed something: \(entry.target)")
      default:
        Issue.record("the probe sent \(entry.method) \(entry.target)")
      }
    }
    return deletes
  }

  // Every profile's probe is checked with this rule in
  // ProbeProfileMatchTests.probingAProfileNamesIt, on the same loopback run.

  @Test func noDeleteWhenTheCheckDoesNotAnswer404() async throws {
    // A server where every random version seems to exist (a proxy answering 200, say).
    let fake = try LoopbackGitea(
      profile: .gitea1_26,
      faults: [
        FaultRule(
          method: "GET", path: "/api/v1/packages/acme/container/app/registry-gc-probe-*",
          action: .respond(
            status: 200, headers: [HeaderField("Content-Type", "application/json")], body: Data("{}".utf8)))
      ])
    defer { fake.stop() }
    let before = fake.gitea.allPackages()
    let recording = try await fake.probe()

    #expect(!fake.gitea.journal.contains { $0.method != "GET" })
    #expect(
      recording.answer(.deleteMissingVersion)?.fields == [
        AnswerField.status: "not sent (delete-check answered 200, not 404)"
      ])
    #expect(fake.gitea.allPackages() == before)
    let report = await ProfileMatcher.match(recording)
    #expect(report.notes.contains("the DELETE probe was not sent (delete-check answered 200, not 404)"))
  }

  @Test func noDeleteWhenTheServerIsDown() async throws {
    // The check (the third GET of the random version, after missing-version
    // and missing-version-anonymous) gets no answer: nothing is deleted.
    let fake = try LoopbackGitea(
      profile: .gitea1_24,
      faults: [
        FaultRule(
          method: "GET", path: "/api/v1/packages/acme/container/app/registry-gc-probe-*", nth: 3,
          action: .disrupt(.reset, afterHandling: false))
      ])
    defer { fake.stop() }
    let recording = try await fake.probe()
    #expect(recording.answer(.missingVersion)?.fields[AnswerField.status] == "404")
    #expect(recording.answer(.missingVersionAnonymous)?.fields[AnswerField.status] == "401")
    #expect(recording.answer(.deleteCheck)?.fields[AnswerField.status]?.hasPrefix("no answer") == true)
    #expect(recording.answer(.deleteMissingVersion)?.fields[AnswerField.status]?.hasPrefix("not sent") == true)
    #expect(!fake.gitea.journal.contains { $0.method == "DELETE" })
  }

  @Test func theTokenIsInNoRecordingEvenWhenTheServerEchoesIt() async throws {
    // A server that puts the Authorization value into its error message.
    let token = LoopbackGitea.token
    let fake = try LoopbackGitea(
      profile: .gitea1_24,
      faults: [
        FaultRule(
          method: "GET", path: "/api/v1/version",
          action: .respond(
            status: 200, headers: [HeaderField("Content-Type", "application/json")],
            body: Data(#"{"version":"1.24.6","message":"hello token \#(token)"}"#.utf8)))
      ])
    defer { fake.stop() }
    let recording = try await fake.probe()
    let text = String(decoding: recording.encoded(), as: UTF8.self)
    #expect(!text.contains(token))
    #expect(recording.answer(.serverVersion)?.fields[AnswerField.message] == "hello token ***")
  }
}
