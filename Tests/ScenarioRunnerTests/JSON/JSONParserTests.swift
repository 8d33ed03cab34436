import Foundation
import ScenarioRunner
import Testing

@Suite("JSON parser: values, numbers, locations")
struct JSONParserTests {
  @Test func parsesEveryKindOfValueWithItsLocation() throws {
    let text = """
      {
        "name": "gc",
        "count": -12,
        "ratio": 0.5,
        "on": true,
        "off": false,
        "none": null,
        "list": [1, [], {}],
        "nested": {"x": "y"}
      }
      """
    let node = try JSONParser.parse(text)
    let object = try #require(node.value.objectValue)
    #expect(object.keys == ["name", "count", "ratio", "on", "off", "none", "list", "nested"])
    #expect(object["name"]?.value.stringValue == "gc")
    #expect(object["count"]?.value.numberValue?.int == -12)
    #expect(object["ratio"]?.value.numberValue?.double == 0.5)
    #expect(object["on"]?.value.boolValue == true)
    #expect(object["off"]?.value.boolValue == false)
    #expect(object["none"]?.value.isNull == true)
    #expect(object["missing"] == nil)

    #expect(node.location == SourceLocation(line: 1, column: 1, offset: 0))
    #expect(object.member("count")?.keyLocation == SourceLocation(line: 3, column: 3, offset: 20))
    #expect(object["count"]?.location == SourceLocation(line: 3, column: 12, offset: 29))
    let list = try #require(object["list"]?.value.arrayValue)
    #expect(list.map(\.location.column) == [12, 15, 19])
    #expect(list.map(\.location.line) == [8, 8, 8])
    #expect(list[1].value.arrayValue?.isEmpty == true)
    #expect(list[2].value.objectValue?.isEmpty == true)
    #expect(object["nested"]?.value.objectValue?["x"]?.location == SourceLocation(line: 9, column: 19, offset: 137))
  }

  @Test func topLevelScalarsAreAllowed() throws {
    #expect(try JSONParser.parse(" 42 ").value.numberValue?.int == 42)
    #expect(try JSONParser.parse("\"x\"").value.stringValue == "x")
    #expect(try JSONParser.parse("null").value.isNull)
  }

  @Test(
    "valid numbers keep their literal text",
    arguments: ["0", "-0", "7", "-12", "0.5", "-0.0", "1e10", "1E+2", "2.5e-3", "123456789012345678901234567890"]
  )
  func validNumber(_ literal: String) throws {
    let node = try JSONParser.parse("[\(literal)]")
    #expect(node.value.arrayValue?.first?.value.numberValue?.text == literal)
  }

  @Test(
    "invalid numbers are rejected",
    arguments: ["01", "-01", "00", "1.", ".1", "+1", "1e", "1e+", "-", "--1", "1.e1", "-.5", "1.5.2", "0x1F", "1_000"]
  )
  func invalidNumber(_ literal: String) {
    #expect(parseFailure("[\(literal)]") != nil)
  }

  @Test func numberAccessors() throws {
    func number(_ literal: String) throws -> JSONNumber {
      try #require(try JSONParser.parse(literal).value.numberValue)
    }
    #expect(try number("42").int == 42)
    #expect(try number("-0").int == 0)
    #expect(try number("9223372036854775807").int == Int.max)
    #expect(try number("9223372036854775808").int == nil)
    #expect(try number("1.0").int == nil)
    #expect(try number("1e2").int == nil)
    #expect(try number("1e2").isIntegerLiteral == false)
    #expect(try number("1e2").double == 100)
    #expect(try number("-2.5E-1").double == -0.25)
    #expect(try number("1e400").double == nil)
    #expect(JSONNumber(17).text == "17")
  }

  @Test func pathsOfNestedValues() throws {
    let node = try JSONParser.parse(
      #"{"server": {"packages": [{"versions": [1, 2, 3, {"created": "x"}]}]}, "m": [[[0]]]}"#)
    let paths = allNodes(node).map(\.path.description)
    #expect(
      paths == [
        "$",
        "$.server",
        "$.server.packages",
        "$.server.packages[0]",
        "$.server.packages[0].versions",
        "$.server.packages[0].versions[0]",
        "$.server.packages[0].versions[1]",
        "$.server.packages[0].versions[2]",
        "$.server.packages[0].versions[3]",
        "$.server.packages[0].versions[3].created",
        "$.m",
        "$.m[0]",
        "$.m[0][0]",
        "$.m[0][0][0]",
      ])
  }

  @Test func pathsOfKeysThatNeedQuoting() throws {
    let node = try JSONParser.parse(
      #"{"env": {"MY VAR": 1, "a-b": 2, "1st": 3, "": 4, "quo\"te": 5, "é": 6, "tab\t": 7, "_ok9": 8}}"#)
    let env = try #require(node.value.objectValue?["env"]?.value.objectValue)
    #expect(
      env.members.map(\.value.path.description) == [
        #"$.env["MY VAR"]"#,
        #"$.env["a-b"]"#,
        #"$.env["1st"]"#,
        #"$.env[""]"#,
        #"$.env["quo\"te"]"#,
        #"$.env["é"]"#,
        #"$.env["tab\t"]"#,
        "$.env._ok9",
      ])
  }

  @Test func jsonPathValue() {
    #expect(JSONPath.root.description == "$")
    #expect(JSONPath.root.isRoot)
    let path = JSONPath.root.appending(key: "a").appending(index: 2).appending(.key("b c"))
    #expect(path.components == [.key("a"), .index(2), .key("b c")])
    #expect(path.description == #"$.a[2]["b c"]"#)
    #expect(!path.isRoot)
    #expect(JSONPath([.key("a"), .index(2), .key("b c")]) == path)
  }

  @Test func objectLookupWorksForSmallAndLargeObjects() throws {
    for size in [1, 8, 9, 40] {
      let text = "{" + (0..<size).map { "\"key\($0)\": \($0)" }.joined(separator: ",") + "}"
      let object = try #require(try JSONParser.parse(text).value.objectValue)
      #expect(object.count == size)
      for index in 0..<size {
        #expect(object["key\(index)"]?.value.numberValue?.int == index)
      }
      #expect(object["key\(size)"] == nil)
    }
  }

  @Test func readingAFileAttachesItsNameToDiagnostics() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("json-parser-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("broken.json")
    try Data("{\n  \"a\": [1,]\n}".utf8).write(to: file)

    let failure = try #require(
      diagnostic { () throws(Diagnostic) in
        try JSONParser.parse(contentsOf: file, displayPath: "scenarios/broken.json")
      })
    #expect(failure.description == "scenarios/broken.json:2:10: error: $.a: trailing comma before ']'")

    let missing = try #require(
      diagnostic { () throws(Diagnostic) in
        try JSONParser.parse(contentsOf: directory.appendingPathComponent("absent.json"), displayPath: "absent.json")
      })
    #expect(missing.file == "absent.json")
    #expect(missing.location == nil)
    #expect(missing.message.hasPrefix("cannot read the file: "))
  }
}
