import Foundation
import ScenarioRunner
import Testing

/// One malformed document and the exact diagnostic it must produce.
struct SyntaxErrorCase: Sendable, CustomTestStringConvertible {
  let input: String
  let line: Int
  let column: Int
  let offset: Int
  let path: String?
  let message: String

  var testDescription: String { String(reflecting: input) }
}

@Suite("JSON syntax errors")
struct JSONSyntaxErrorTests {
  static let cases: [SyntaxErrorCase] = [
    // Empty input and structure
    .init(input: "", line: 1, column: 1, offset: 0, path: nil, message: "expected a JSON value, found end of file"),
    .init(
      input: " \n\t ", line: 2, column: 3, offset: 4, path: nil, message: "expected a JSON value, found end of file"),
    .init(
      input: "{", line: 1, column: 2, offset: 1, path: nil, message: "expected a string key or '}', found end of file"),
    .init(
      input: "[", line: 1, column: 2, offset: 1, path: "$[0]", message: "expected a value or ']', found end of file"),
    .init(input: "{\n  \"a\": 1,\n}", line: 2, column: 9, offset: 10, path: nil, message: "trailing comma before '}'"),
    .init(input: "[\n  1,\n  2,\n]", line: 3, column: 4, offset: 10, path: nil, message: "trailing comma before ']'"),
    .init(
      input: "{\"a\": [1, 2,]}", line: 1, column: 12, offset: 11, path: "$.a", message: "trailing comma before ']'"),
    .init(
      input: "[1 \"x\"]", line: 1, column: 4, offset: 3, path: nil,
      message: "expected ',' or ']' after array element, found '\"'"),
    .init(
      input: "{\"a\": 1\n \"b\": 2}", line: 2, column: 2, offset: 9, path: nil,
      message: "expected ',' or '}' after object member, found '\"'"),
    .init(
      input: "{\"a\" 1}", line: 1, column: 6, offset: 5, path: "$.a",
      message: "expected ':' after object key 'a', found '1'"),
    .init(
      input: "{\"a\": }", line: 1, column: 7, offset: 6, path: "$.a",
      message: "expected a value after ':', found '}'"),
    .init(
      input: "{\"a\": 1, 2}", line: 1, column: 10, offset: 9, path: nil,
      message: "expected a string key after ',', found '2' (object keys must be in double quotes)"),
    .init(
      input: "{a: 1}", line: 1, column: 2, offset: 1, path: nil,
      message: "expected a string key or '}', found 'a' (object keys must be in double quotes)"),
    .init(
      input: "{'a': 1}", line: 1, column: 2, offset: 1, path: nil,
      message: "expected a string key or '}', found ''' (JSON strings use double quotes)"),
    .init(
      input: "[1, // note\n 2]", line: 1, column: 5, offset: 4, path: "$[1]",
      message: "expected a value after ',', found '/' (JSON does not allow comments)"),
    .init(
      input: "[1,,2]", line: 1, column: 4, offset: 3, path: "$[1]",
      message: "expected a value after ',', found ','"),
    .init(
      input: "[\"ok\", active]", line: 1, column: 8, offset: 7, path: "$[1]",
      message: "expected a value after ',', found 'active' (strings must be in double quotes)"),
    .init(
      input: "[1] x", line: 1, column: 5, offset: 4, path: nil,
      message: "expected end of file after the top-level value, found 'x'"),
    .init(
      input: "{}\n{}", line: 2, column: 1, offset: 3, path: nil,
      message: "expected end of file after the top-level value, found '{'"),
    .init(
      input: "[1]]", line: 1, column: 4, offset: 3, path: nil,
      message: "expected end of file after the top-level value, found ']'"),
    // Columns count Unicode scalars, offsets count bytes.
    .init(
      input: "{\"é\": \"ü\", \"x\": [1,,]}", line: 1, column: 20, offset: 21, path: "$.x[1]",
      message: "expected a value after ',', found ','"),
    .init(
      input: "[\"😀\", x]", line: 1, column: 7, offset: 9, path: "$[1]",
      message: "expected a value after ',', found 'x' (strings must be in double quotes)"),
    .init(
      input: "\u{FEFF}[1,]", line: 1, column: 3, offset: 5, path: nil,
      message: "trailing comma before ']'"),
    // Literals
    .init(
      input: "[tru]", line: 1, column: 2, offset: 1, path: "$[0]",
      message: "expected a value or ']', found 'tru' (did you mean 'true'?)"),
    .init(
      input: "[True]", line: 1, column: 2, offset: 1, path: "$[0]",
      message: "expected a value or ']', found 'True' (did you mean 'true'?)"),
    .init(
      input: "nullx", line: 1, column: 1, offset: 0, path: nil,
      message: "expected a JSON value, found 'nullx' (did you mean 'null'?)"),
    .init(
      input: "[NaN]", line: 1, column: 2, offset: 1, path: "$[0]",
      message: "expected a value or ']', found 'NaN' (JSON has no NaN or Infinity)"),
    .init(
      input: "[-Infinity]", line: 1, column: 3, offset: 2, path: "$[0]",
      message: "expected a digit after '-', found 'Infinity' (JSON has no NaN or Infinity)"),
    // Numbers
    .init(
      input: "[01]", line: 1, column: 2, offset: 1, path: "$[0]",
      message: "invalid number '01': leading zeros are not allowed"),
    .init(
      input: "{\"n\": -007}", line: 1, column: 7, offset: 6, path: "$.n",
      message: "invalid number '-007': leading zeros are not allowed"),
    .init(
      input: "[+1]", line: 1, column: 2, offset: 1, path: "$[0]",
      message: "expected a value or ']', found '+' (a number must not start with '+')"),
    .init(
      input: "[.5]", line: 1, column: 2, offset: 1, path: "$[0]",
      message: "expected a value or ']', found '.' (a number needs a digit before '.')"),
    .init(input: "[-]", line: 1, column: 3, offset: 2, path: "$[0]", message: "expected a digit after '-', found ']'"),
    .init(
      input: "[1.]", line: 1, column: 4, offset: 3, path: "$[0]",
      message: "expected a digit after '.' in number, found ']'"),
    .init(
      input: "[1.5e+]", line: 1, column: 7, offset: 6, path: "$[0]",
      message: "expected a digit in the exponent of number, found ']'"),
    .init(
      input: "0x10", line: 1, column: 2, offset: 1, path: nil,
      message: "expected end of file after the top-level value, found 'x10'"),
    // Strings
    .init(
      input: "[\"abc", line: 1, column: 2, offset: 1, path: "$[0]",
      message: "unterminated string: no closing '\"' before the end of the file"),
    .init(
      input: "{\"a\": \"abc\n}", line: 1, column: 7, offset: 6, path: "$.a",
      message: "unterminated string: no closing '\"' before the end of the line"),
    .init(
      input: "[\"abc\\", line: 1, column: 2, offset: 1, path: "$[0]",
      message: "unterminated string: no closing '\"' before the end of the file"),
    .init(
      input: "[\"a\u{1}b\"]", line: 1, column: 4, offset: 3, path: "$[0]",
      message: "control character U+0001 must be escaped in a string (write \\u0001)"),
    .init(
      input: "[\"a\tb\"]", line: 1, column: 4, offset: 3, path: "$[0]",
      message: "tab character (U+0009) must be escaped in a string (write \\t)"),
    .init(
      input: "[\"é\\q\"]", line: 1, column: 4, offset: 4, path: "$[0]",
      message: "invalid escape '\\q' in string (valid escapes are \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX)"
    ),
    .init(
      input: "[\"\\u00G0\"]", line: 1, column: 3, offset: 2, path: "$[0]",
      message: "invalid escape '\\u00G' in string: '\\u' must be followed by four hexadecimal digits"),
    .init(
      input: "[\"\\u12", line: 1, column: 3, offset: 2, path: "$[0]",
      message: "invalid escape '\\u12' in string: '\\u' must be followed by four hexadecimal digits"),
    .init(
      input: "[\"\\uD800\"]", line: 1, column: 3, offset: 2, path: "$[0]",
      message:
        "unpaired surrogate '\\uD800' in string: a high surrogate must be followed by a low surrogate escape (\\uDC00 to \\uDFFF)"
    ),
    .init(
      input: "[\"\\uD83D\\u0041\"]", line: 1, column: 3, offset: 2, path: "$[0]",
      message:
        "unpaired surrogate '\\uD83D' in string: a high surrogate must be followed by a low surrogate escape (\\uDC00 to \\uDFFF)"
    ),
    .init(
      input: "[\"x\\uDC00\"]", line: 1, column: 4, offset: 3, path: "$[0]",
      message: "unpaired surrogate '\\uDC00' in string: a low surrogate must follow a high surrogate escape"),
    // Duplicate keys point at the second key and name the first.
    .init(
      input: "{\n  \"name\": 1,\n  \"tags\": [],\n  \"name\": 2\n}", line: 4, column: 3, offset: 31, path: "$.name",
      message: "duplicate key 'name' in object (first defined at line 2, column 3)"),
  ]

  @Test("each syntax error has the exact position and message", arguments: cases)
  func syntaxError(_ testCase: SyntaxErrorCase) throws {
    let failure = try #require(parseFailure(testCase.input))
    #expect(failure.message == testCase.message)
    #expect(failure.location == SourceLocation(line: testCase.line, column: testCase.column, offset: testCase.offset))
    #expect(failure.path?.description == testCase.path)
    #expect(failure.severity == .error)
    #expect(failure.file == nil)
  }

  @Test func duplicateKeysInLargeObjectsAreFoundToo() throws {
    // Past the size where lookups switch to a hash index.
    let members = (0..<20).map { "\"k\($0)\": \($0)" } + ["\"k7\": 99"]
    let text = "{" + members.joined(separator: ", ") + "}"
    let failure = try #require(parseFailure(text))
    #expect(failure.message == "duplicate key 'k7' in object (first defined at line 1, column 65)")
    #expect(failure.location?.offset == text.utf8.count - 9)
    #expect(failure.path?.description == "$.k7")
  }

  @Test func duplicateKeysAreOnlyAnErrorWithinOneObject() throws {
    let node = try JSONParser.parse(#"{"a": {"id": 1}, "b": {"id": 2}, "c": [{"id": 3}, {"id": 4}]}"#)
    #expect(canonicalJSON(node) == #"{"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}]}"#)
    // Keys that differ only after escapes are resolved are duplicates.
    let failure = try #require(parseFailure(#"{"é": 1, "\u00e9": 2}"#))
    #expect(failure.message == "duplicate key 'é' in object (first defined at line 1, column 2)")
  }

  @Test func nestingUpToTheLimitParsesAndOneMoreFails() throws {
    let limit = JSONParser.defaultMaximumDepth
    let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
    let node = try JSONParser.parse(deepest)
    #expect(allNodes(node).count == limit)

    let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
    let failure = try #require(parseFailure(tooDeep))
    #expect(failure.message == "nesting too deep: more than 256 nested arrays and objects")
    #expect(failure.location == SourceLocation(line: 1, column: limit + 1, offset: limit))

    // Objects count as well, and the limit can be lowered.
    let objects = #"{"a": [{"b": {"c": 1}}]}"#
    #expect(parseFailure(objects, maximumDepth: 4) == nil)
    let shallow = try #require(parseFailure(objects, maximumDepth: 3))
    #expect(shallow.location?.column == 14)
    #expect(shallow.path?.description == "$.a[0].b")
    #expect(shallow.message == "nesting too deep: more than 3 nested arrays and objects")
  }

  @Test func hugeNestingIsRejectedWithoutExhaustingTheStack() throws {
    let failure = try #require(parseFailure(String(repeating: "[{\"a\":", count: 50_000)))
    #expect(failure.message == "nesting too deep: more than 256 nested arrays and objects")
  }
}
