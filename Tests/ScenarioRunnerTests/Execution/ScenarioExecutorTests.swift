import FakeGitea
import Foundation
import ScenarioRunner
import Testing

@Suite struct ScenarioExecutorTests {
  static let server = """
    "now": "2026-06-01T00:00:00Z",
    "server": {"tokens": [{"token": "tok-executor-1", "user": "acme", "scopes": ["write:package"]}],
      "packages": [{"owner": "acme", "name": "app", "versions": [
        {"version": "latest", "created": "-1d"},
        {"version": "old-1", "created": "-40d"},
        {"version": "old-2", "created": "-50d"}]}]}
    """

  func run(_ body: String, settings: ExecutionSettings = ExecutionSettings()) async throws -> ScenarioResult {
    let text = "{\"schemaVersion\": 1, \"name\": \"t\", \(Self.server), \(body)}"
    let scenario = try ScenarioLoader.parse(Data(text.utf8), file: "t.json")
    return await ScenarioExecutor(settings: settings).run(scenario, profile: .default)
  }

  @Test func passingRunDeletesWhatThePolicySays() async throws {
    let result = try await run(
      """
      "run": {"gc": {"owner": "acme", "package": "app", "keepLatest": 0, "keepDays": 30}},
      "expect": {"exitCode": 0, "remaining": {"acme/app": ["latest"]}, "deleted": {"acme/app": ["old-1", "old-2"]},
        "requests": [{"method": "GET", "path": "/api/v1/packages/acme", "status": 200},
                     {"method": "DELETE", "path": "/api/v1/packages/acme/container/app/old-*", "status": 204}],
        "plan": {"old-1": "expired", "latest": "keep"}}
      """)
    #expect(result.status == .passed, "\(result.failures)")
  }

  @Test func eachDifferenceIsReportedAsExpectedVersusActual() async throws {
    let result = try await run(
      """
      "run": {"gc": {"owner": "acme", "package": "app", "keepLatest": 0, "keepDays": 30}},
      "expect": {"exitCode": 2, "remaining": {"acme/app": ["latest", "old-1"]},
        "requests": [{"method": "DELETE", "path": "/api/v1/packages/acme/container/app/latest"}],
        "neverRequested": [{"method": "DELETE", "path": "/api/v1/packages/acme/container/app/old-2"}],
        "plan": {"old-2": "keep"}}
      """)
    #expect(result.status == .failed)
    #expect(result.failures.contains("exit code: expected 2, got 0"))
    #expect(
      result.failures.contains(
        "remaining acme/app: expected [latest, old-1], got [latest] (missing old-1)"))
    #expect(
      result.failures.contains(
        "request DELETE /api/v1/packages/acme/container/app/latest: expected in the journal, but it was never sent (4 requests in all)"
      ))
    #expect(
      result.failures.contains(
        "request DELETE /api/v1/packages/acme/container/app/old-2 must never be sent, but was: DELETE /api/v1/packages/acme/container/app/old-2 → 204"
      ))
    #expect(result.failures.contains { $0.hasPrefix("plan old-2: expected keep, got delete (expired:") })
  }

  @Test func tokenNeverAppearsInOutputOrJournal() async throws {
    let result = try await run(
      """
      "run": {"gc": {"owner": "acme", "package": "app", "keepLatest": 0, "keepDays": 30, "json": true}},
      "expect": {"exitCode": 0}
      """)
    #expect(result.status == .passed)
    #expect(!result.output.contains("tok-executor-1"))
  }

  @Test func rawHTTPStepsCheckStatusHeadersAndJSON() async throws {
    let result = try await run(
      """
      "steps": [
        {"http": {"path": "/api/v1/packages/acme/container/app/versions", "headers": {"Authorization": "token tok-executor-1"}},
         "expect": {"status": 404, "json": {"message": "package does not exist"}}},
        {"http": {"method": "DELETE", "path": "/api/v1/packages/acme/container/app/old-1", "headers": {"Authorization": "token tok-executor-1"}},
         "expect": {"status": 204}},
        {"http": {"method": "DELETE", "path": "/api/v1/packages/acme/container/app/old-1", "headers": {"Authorization": "token tok-executor-1"}},
         "expect": {"status": 200, "json": {"message": "nope"}}}
      ]
      """)
    #expect(result.status == .failed)
    #expect(result.failures.first == "step 3: status: expected 200, got 404")
    #expect(result.failures.contains("step 3: body JSON: $.message: expected \"nope\", got \"package does not exist\""))
    #expect(result.failures.count == 2)
  }

  @Test func aProgramThatCannotStartIsAHarnessError() async throws {
    let result = try await run(
      """
      "run": {"command": {"argv": ["no-such-program-for-gc-conformance"]}},
      "expect": {"exitCode": 0}
      """)
    #expect(result.status == .error)
    #expect(result.failures == ["cannot find the program \"no-such-program-for-gc-conformance\" on PATH"])
  }

  @Test func theSameScenarioPassesOverLoopbackTCP() async throws {
    var settings = ExecutionSettings()
    settings.transport = .tcp
    let result = try await run(
      """
      "run": {"gc": {"owner": "acme", "package": "app", "keepLatest": 1, "keepDays": 30}},
      "expect": {"exitCode": 0, "remaining": {"acme/app": ["latest", "old-1"]}}
      """, settings: settings)
    #expect(result.status == .passed, "\(result.failures)")
  }
}
