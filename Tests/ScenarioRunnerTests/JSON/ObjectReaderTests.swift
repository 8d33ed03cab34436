import ScenarioRunner
import Testing

@Suite("ObjectReader and JSONReadable")
struct ObjectReaderTests {
  private func package(_ text: String) throws(Diagnostic) -> ObjectReader {
    try ObjectReader(JSONParser.parse(text), what: "package")
  }

  @Test func requiredAndOptionalValues() throws {
    let reader = try package(
      #"{"name": "app", "size": 3, "ratio": 1, "tags": ["a", "b"], "labels": {"x": "1"}, "gone": null}"#)
    #expect(try reader.required("name", as: String.self) == "app")
    #expect(try reader.required("size", as: Int.self) == 3)
    #expect(try reader.required("ratio", as: Double.self) == 1.0)
    #expect(try reader.required("tags", as: [String].self) == ["a", "b"])
    #expect(try reader.required("labels", as: [String: String].self) == ["x": "1"])
    #expect(try reader.optional("missing", as: Int.self) == nil)
    #expect(try reader.optional("gone", as: Int.self) == nil)  // explicit null counts as absent
    #expect(try reader.optional("size", as: Int.self) == 3)
    #expect(try reader.optional("missing", default: 7) == 7)
    #expect(try reader.optional("size", default: 7) == 3)
    let gone = try #require(reader.node("gone"))
    #expect(gone.value.isNull)
    #expect(try reader.required("size") { node throws(Diagnostic) in try Int(json: node) * 2 } == 6)
    try reader.rejectUnknownKeys()
  }

  @Test func notAnObject() throws {
    let failure = try #require(diagnostic { () throws(Diagnostic) in try package("[1]") })
    #expect(failure.message == "expected package to be an object, found an array")
    #expect(failure.location == .start)
    #expect(failure.path == .root)
  }

  @Test func missingRequiredKeyIsReportedAtTheObject() throws {
    let root = try JSONParser.parse("{\"packages\": [\n  {\"tags\": []}\n]}")
    let element = try #require(root.value.objectValue?["packages"]?.value.arrayValue?.first)
    let reader = try ObjectReader(element, what: "package")
    let failure = try #require(diagnostic { () throws(Diagnostic) in try reader.required("name", as: String.self) })
    #expect(failure.message == "missing required key 'name' in package")
    #expect(failure.location == SourceLocation(line: 2, column: 3, offset: 17))
    #expect(failure.path?.description == "$.packages[0]")
    #expect(
      failure.inFile("p.json").description == "p.json:2:3: error: $.packages[0]: missing required key 'name' in package"
    )
  }

  @Test func missingRequiredKeyPointsOutALikelyMisspelling() throws {
    let reader = try package(#"{"nmae": "app"}"#)
    let failure = try #require(diagnostic { () throws(Diagnostic) in try reader.required("name", as: String.self) })
    #expect(failure.message == "missing required key 'name' in package (is 'nmae' a misspelling of it?)")
  }

  @Test func unknownKeyWithSuggestion() throws {
    let reader = try package("{\n  \"name\": \"app\",\n  \"statsu\": \"keep\"\n}")
    _ = try reader.required("name", as: String.self)
    _ = try reader.optional("status", as: String.self)
    let failure = try #require(diagnostic { () throws(Diagnostic) in try reader.rejectUnknownKeys() })
    #expect(failure.message == "unknown key 'statsu' in package; did you mean 'status'?")
    #expect(failure.location == SourceLocation(line: 3, column: 3, offset: 21))
    #expect(failure.path?.description == "$.statsu")
  }

  @Test func unknownKeyWithoutSuggestionListsTheKnownKeys() throws {
    let reader = try package(#"{"name": "app", "colour": 1}"#)
    _ = try reader.required("name", as: String.self)
    reader.declare("versions", "owner")
    let failure = try #require(diagnostic { () throws(Diagnostic) in try reader.rejectUnknownKeys() })
    #expect(failure.message == "unknown key 'colour' in package (known keys: 'name', 'versions', 'owner')")

    let empty = try ObjectReader(JSONParser.parse(#"{"x": 1}"#), what: "marker")
    let none = try #require(diagnostic { () throws(Diagnostic) in try empty.rejectUnknownKeys() })
    #expect(none.message == "unknown key 'x' in marker (marker takes no keys)")
  }

  @Test func declaredKeysAndNodeLookupsCountAsKnown() throws {
    let reader = try package(#"{"a": 1, "b": 2, "c": 3}"#)
    reader.declare("a")
    _ = reader.node("b")
    #expect(reader.keyLocation("c")?.column == 18)
    #expect(diagnostic { () throws(Diagnostic) in try reader.rejectUnknownKeys() }?.path?.description == "$.c")
    // A copy shares what was asked: reading through it marks keys on the original.
    let copy = reader
    _ = try copy.optional("c", as: Int.self)
    try reader.rejectUnknownKeys()
  }

  @Test func nestedObjectReaders() throws {
    let root = try package(#"{"server": {"url": "http://x", "packages": []}, "extra": null}"#)
    let server = try root.requiredObject("server", what: "server")
    #expect(try server.required("url", as: String.self) == "http://x")
    #expect(server.path.description == "$.server")
    #expect(try root.optionalObject("extra", what: "extra") == nil)
    let failure = try #require(diagnostic { () throws(Diagnostic) in try server.rejectUnknownKeys() })
    #expect(failure.path?.description == "$.server.packages")
    try root.rejectUnknownKeys()
  }

  @Test(
    "type mismatches say what was expected and what was found",
    arguments: [
      (#"{"v": "6"}"#, "expected an integer, found a string (\"6\")"),
      (#"{"v": 6.5}"#, "expected an integer, found a number (6.5)"),
      (#"{"v": 1e2}"#, "expected an integer written without a fraction or exponent, found a number (1e2)"),
      (
        #"{"v": 99999999999999999999}"#,
        "expected an integer between -9223372036854775808 and 9223372036854775807, found a number (99999999999999999999)"
      ),
      (#"{"v": null}"#, "expected an integer, found null"),
      (#"{"v": [1]}"#, "expected an integer, found an array"),
      (#"{"v": {}}"#, "expected an integer, found an empty object"),
      (#"{"v": true}"#, "expected an integer, found a boolean (true)"),
    ]
  )
  func integerMismatch(text: String, message: String) throws {
    let reader = try package(text)
    let failure = try #require(diagnostic { () throws(Diagnostic) in try reader.required("v", as: Int.self) })
    #expect(failure.message == message)
    #expect(failure.location?.column == 7)
    #expect(failure.path?.description == "$.v")
  }

  @Test func otherTypeMismatches() throws {
    let reader = try package(
      #"{"s": 5, "b": "yes", "d": "1.5", "big": 1e400, "a": {}, "o": [], "long": "\#(String(repeating: "x", count: 50))"}"#
    )
    func message(_ body: () throws(Diagnostic) -> Void) -> String? {
      diagnostic(body)?.message
    }
    #expect(
      message { () throws(Diagnostic) in _ = try reader.required("s", as: String.self) }
        == "expected a string, found a number (5)")
    #expect(
      message { () throws(Diagnostic) in _ = try reader.required("b", as: Bool.self) }
        == #"expected true or false, found a string ("yes")"#)
    #expect(
      message { () throws(Diagnostic) in _ = try reader.required("d", as: Double.self) }
        == #"expected a number, found a string ("1.5")"#)
    #expect(
      message { () throws(Diagnostic) in _ = try reader.required("big", as: Double.self) }
        == "expected a number within the range of a double, found a number (1e400)")
    #expect(
      message { () throws(Diagnostic) in _ = try reader.required("a", as: [Int].self) }
        == "expected an array, found an empty object")
    #expect(
      message { () throws(Diagnostic) in _ = try reader.required("o", as: [String: Int].self) }
        == "expected an object, found an empty array")
    #expect(
      message { () throws(Diagnostic) in _ = try reader.required("long", as: Int.self) }
        == "expected an integer, found a string (\"\(String(repeating: "x", count: 40))\"…)")
  }

  @Test func elementErrorsPointAtTheElement() throws {
    let reader = try package(#"{"tags": ["a", 2], "sizes": {"x": 1, "y": "big"}}"#)
    let tags = try #require(diagnostic { () throws(Diagnostic) in try reader.required("tags", as: [String].self) })
    #expect(tags.path?.description == "$.tags[1]")
    #expect(tags.location?.column == 16)
    #expect(tags.message == "expected a string, found a number (2)")
    let sizes = try #require(
      diagnostic { () throws(Diagnostic) in try reader.required("sizes", as: [String: Int].self) })
    #expect(sizes.path?.description == "$.sizes.y")
    #expect(sizes.message == #"expected an integer, found a string ("big")"#)
  }

  enum Action: String, CaseIterable, JSONReadable {
    case keep, delete
  }

  @Test func stringEnumsReadStrictlyWithSuggestions() throws {
    let reader = try package(#"{"a": "keep", "b": "delte", "c": "zap"}"#)
    #expect(try reader.required("a", as: Action.self) == .keep)
    let typo = try #require(diagnostic { () throws(Diagnostic) in try reader.required("b", as: Action.self) })
    #expect(typo.message == #"expected one of "keep", "delete", found "delte"; did you mean "delete"?"#)
    let unknown = try #require(diagnostic { () throws(Diagnostic) in try reader.required("c", as: Action.self) })
    #expect(unknown.message == #"expected one of "keep", "delete", found "zap""#)
  }
}
