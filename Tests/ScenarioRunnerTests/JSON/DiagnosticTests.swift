import Foundation
import ScenarioRunner
import Testing

@Suite("Diagnostic rendering")
struct DiagnosticTests {
  let location = SourceLocation(line: 12, column: 7, offset: 301)
  let path = JSONPath.root.appending(key: "server").appending(key: "packages").appending(index: 0)

  @Test func everyShapeOfDescription() {
    let message = "expected a string, found null"
    #expect(
      Diagnostic(file: "x.json", location: location, path: path, message: message).description
        == "x.json:12:7: error: $.server.packages[0]: expected a string, found null")
    #expect(
      Diagnostic(file: "x.json", location: location, message: message).description
        == "x.json:12:7: error: expected a string, found null")
    #expect(
      Diagnostic(location: location, path: path, message: message).description
        == "12:7: error: $.server.packages[0]: expected a string, found null")
    #expect(
      Diagnostic(location: location, message: message).description == "12:7: error: expected a string, found null")
    #expect(
      Diagnostic(file: "x.json", path: path, message: message).description
        == "x.json: error: $.server.packages[0]: expected a string, found null")
    #expect(Diagnostic(file: "x.json", message: message).description == "x.json: error: expected a string, found null")
    #expect(
      Diagnostic(path: path, message: message).description
        == "error: $.server.packages[0]: expected a string, found null")
    #expect(Diagnostic(message: message).description == "error: expected a string, found null")
  }

  @Test func severitiesAreSpelledLikeACompiler() {
    #expect(Diagnostic(severity: .warning, file: "a.json", message: "m").description == "a.json: warning: m")
    #expect(Diagnostic(severity: .note, location: location, message: "m").description == "12:7: note: m")
  }

  @Test func inFileSetsOnlyTheFile() {
    let original = Diagnostic(location: location, path: path, message: "m")
    let attributed = original.inFile("scenarios/policy/x.json")
    #expect(attributed.file == "scenarios/policy/x.json")
    #expect(attributed.location == original.location)
    #expect(attributed.path == original.path)
    #expect(attributed.message == original.message)
    #expect(original.file == nil)
    #expect(attributed != original)
    #expect(attributed.localizedDescription == "scenarios/policy/x.json:12:7: error: $.server.packages[0]: m")
  }

  @Test func nodeDiagnosticsUseTheNodesLocationAndPath() throws {
    let node = try JSONParser.parse("{\n  \"created\": \"yesterday\"\n}")
    let created = try #require(node.value.objectValue?["created"])
    let error = created.error(#"expected an RFC 3339 date or a relative time such as "-40d", found "yesterday""#)
    #expect(
      error.inFile("scenarios/policy/x.json").description
        == #"scenarios/policy/x.json:2:14: error: $.created: expected an RFC 3339 date or a relative time such as "-40d", found "yesterday""#
    )
    #expect(created.warning("odd").severity == .warning)
  }

  @Test func locationsOrderByPosition() {
    let early = SourceLocation(line: 1, column: 9, offset: 8)
    let late = SourceLocation(line: 2, column: 1, offset: 9)
    #expect(early < late)
    #expect([late, early].sorted() == [early, late])
    #expect(late.description == "2:1")
  }
}
