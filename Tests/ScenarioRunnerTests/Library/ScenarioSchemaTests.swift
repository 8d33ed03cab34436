import Foundation
import ScenarioRunner
import Testing

/// `scenarios/schema.json` against the scenario files and the loader: every
/// key a scenario uses is one the schema allows, the schema is strict, and
/// every key the schema allows is one the loader accepts.
@Suite struct ScenarioSchemaTests {
  static let schemaPath = ScenarioFiles.directory + "/schema.json"

  struct ScenarioFile: CustomTestStringConvertible, Sendable {
    var path: String
    var testDescription: String { String(path.dropFirst(ScenarioFiles.directory.count + 1)) }
  }

  static func files() -> [ScenarioFile] {
    SuiteRunner.discover([ScenarioFiles.directory]).files.map(ScenarioFile.init)
  }

  @Test func schemaIsDraft2020AndStrict() throws {
    let walker = try SchemaKeyWalker(schemaAt: Self.schemaPath)
    #expect(walker.root["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    #expect(walker.lenientObjects == [], "object schemas without \"additionalProperties\": false")
    let definitions = try #require(walker.root["$defs"] as? [String: Any])
    for name in ["server", "gcStep", "commandStep", "httpStep", "stepExpect", "expect", "fault", "event"] {
      #expect(definitions[name] != nil, "$defs/\(name) is missing")
    }
  }

  @Test(arguments: files())
  func scenarioUsesOnlySchemaKeys(_ file: ScenarioFile) throws {
    let walker = try SchemaKeyWalker(schemaAt: Self.schemaPath)
    let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file.path)))
    #expect(walker.problems(in: document, node: walker.rootNode) == [])
  }

  @Test func misplacedKeysAreReportedWithTheirPaths() throws {
    let walker = try SchemaKeyWalker(schemaAt: Self.schemaPath)
    let text = """
      {"schemaVersion": 1, "name": "x", "title": "not a key",
       "server": {"profile": "gitea-1.22", "token": []},
       "steps": [{"gc": {"owner": "a", "package": "b", "keep_days": 3}, "expect": {"exitCode": 0, "remaining": {}}}],
       "expect": {"exitCode": 0, "plan": {"v1": "kept"}, "requests": [{"path": "/x", "code": 200}]}}
      """
    let document = try JSONSerialization.jsonObject(with: Data(text.utf8))
    #expect(
      walker.problems(in: document, node: walker.rootNode) == [
        "$.expect.plan.v1: \"kept\" is not one of keep, delete, latest, keep-pattern, keep-latest, keep-days, referenced, references-unknown, digest-grace, implausible-timestamp, not-an-image-name, expired, unreferenced-digest",
        "$.expect.requests[0].code: key not allowed by the schema (expectedRequest)",
        "$.server.token: key not allowed by the schema (server)",
        "$.steps[0].expect.remaining: key not allowed by the schema (stepExpect)",
        "$.steps[0].gc.keep_days: key not allowed by the schema (gcStep)",
        "$.title: key not allowed by the schema (#)",
      ])
  }

  /// Two scenarios that between them use every key the schema declares; the
  /// loader must accept both, so the schema never allows what the runner refuses.
  static let everyKeyWithSteps = """
    {"schemaVersion": 1, "name": "every key", "description": "d", "tags": ["t"], "now": "2026-06-01T00:00:00Z",
     "profiles": ["gitea-1.22", "forgejo-12"],
     "server": {
       "profile": "gitea-1.22", "timezone": "-04:00", "blockUserAgents": ["Python-urllib/*"],
       "users": [{"login": "acme", "admin": false, "visibility": "private", "organization": true}],
       "tokens": [{"token": "tok-every-key", "user": "root", "scopes": ["write:package"]}],
       "packages": [{"owner": "acme", "name": "app", "type": "container", "versions": [
         {"version": "v1", "created": "-40d",
          "children": ["sha256:0000000000000000000000000000000000000000000000000000000000000000"]}]}],
       "faults": [
         {"match": {"method": "GET", "path": "/api/v1/**", "query": {"page": "2"}}, "nth": 1, "times": 1,
          "respond": {"status": 503, "headers": {"X-A": "b"}, "body": "", "json": {"message": ""}, "retryAfter": 1}},
         {"delayMs": 10}, {"disrupt": "reset"}, {"malformedJSON": true}],
       "events": [
         {"afterRequest": 1, "match": {"method": "GET"},
          "push": {"owner": "acme", "name": "app", "version": "v2",
                   "children": ["sha256:1111111111111111111111111111111111111111111111111111111111111111"]}},
         {"afterRequest": 2, "delete": {"owner": "acme", "name": "app", "version": "v1"}}]},
     "steps": [
       {"gc": {"owner": "acme", "package": ["app"], "keepDays": 30, "keepLatest": 0, "keep": ["rel-*"],
               "dryRun": true, "json": true, "token": "tok-every-key", "userAgent": "ua/1", "digestGrace": "24h",
               "concurrency": 1, "attempts": 2, "references": false, "arguments": ["--timeout", "5"]},
        "expect": {"exitCode": 0, "output": {"contains": "a", "notContains": ["b"]}, "plan": {"v1": "expired"},
                   "deleted": {"acme/app": []}}},
       {"command": {"argv": ["true"], "env": {"A": "{token}"}, "token": "tok-every-key", "timeoutSeconds": 5}},
       {"http": {"method": "GET", "path": "/api/v1/version", "headers": {"Accept": "*/*"}, "body": ""},
        "expect": {"status": 200, "headers": {"Content-Type": "x"}, "json": {}, "bodyContains": ["v"]}}],
     "expect": {"exitCode": 0, "remaining": {"acme/app": ["v1"]}, "deleted": {"acme/app": []},
                "requests": [{"method": "GET", "path": "/api/v1/packages/acme", "status": 200}],
                "neverRequested": [{"method": "DELETE", "path": "/**"}],
                "output": {"contains": ["x"]}, "plan": {"v1": "keep"}}}
    """
  static let everyKeyWithRun = """
    {"schemaVersion": 1, "name": "run", "run": {"gc": {"owner": "acme", "package": "app"}}}
    """

  @Test func everySchemaKeyIsUsedOnceAndTheLoaderAcceptsIt() throws {
    let walker = try SchemaKeyWalker(schemaAt: Self.schemaPath)
    var used = Set<String>()
    for text in [Self.everyKeyWithSteps, Self.everyKeyWithRun] {
      let document = try JSONSerialization.jsonObject(with: Data(text.utf8))
      #expect(walker.problems(in: document, node: walker.rootNode, visit: { used.insert($0) }) == [])
      #expect(throws: Never.self) { try ScenarioLoader.parse(Data(text.utf8), file: "every-key.json") }
    }
    // `runStep` repeats `listedStep` without `expect`; the run sample uses only `gc`.
    let unused = walker.declaredProperties.subtracting(used).subtracting(["runStep.command", "runStep.http"])
    #expect(unused.sorted() == [], "schema keys no sample uses; add them to the samples above")
  }
}
