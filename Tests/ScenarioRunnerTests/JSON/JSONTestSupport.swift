import Foundation
import ScenarioRunner

/// Parses `text` and returns the diagnostic, or `nil` if it parsed.
func parseFailure(_ text: String, maximumDepth: Int = JSONParser.defaultMaximumDepth) -> Diagnostic? {
  parseFailure(Data(text.utf8), maximumDepth: maximumDepth)
}

/// Parses `data` and returns the diagnostic, or `nil` if it parsed.
func parseFailure(_ data: Data, maximumDepth: Int = JSONParser.defaultMaximumDepth) -> Diagnostic? {
  do {
    _ = try JSONParser.parse(data, maximumDepth: maximumDepth)
    return nil
  } catch {
    return error
  }
}

/// Runs `body` and returns the diagnostic it throws, or `nil`.
func diagnostic<T>(_ body: () throws(Diagnostic) -> T) -> Diagnostic? {
  do {
    _ = try body()
    return nil
  } catch {
    return error
  }
}

/// Renders a parsed value back to compact JSON, members in document order.
func canonicalJSON(_ node: JSONNode) -> String {
  switch node.value {
  case .null: return "null"
  case .bool(let value): return value ? "true" : "false"
  case .number(let number): return number.text
  case .string(let text): return quotedJSON(text)
  case .array(let elements): return "[" + elements.map(canonicalJSON).joined(separator: ",") + "]"
  case .object(let object):
    return "{" + object.members.map { quotedJSON($0.key) + ":" + canonicalJSON($0.value) }.joined(separator: ",") + "}"
  }
}

/// A JSON string literal for `text`, written independently of the code under test.
func quotedJSON(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    switch scalar.value {
    case 0x22: result += "\\\""
    case 0x5C: result += "\\\\"
    case 0..<0x20: result += String(format: "\\u%04x", scalar.value)
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result + "\""
}

/// Every node in the tree, parents before children.
func allNodes(_ node: JSONNode) -> [JSONNode] {
  var result = [node]
  switch node.value {
  case .array(let elements): for element in elements { result += allNodes(element) }
  case .object(let object): for member in object.members { result += allNodes(member.value) }
  default: break
  }
  return result
}

/// The line and column of `offset` computed the slow, obvious way: count line feeds
/// before it, then count the bytes since the last one that start a UTF-8 scalar.
/// A UTF-8 byte order mark at the start of the file does not count as a column.
func expectedLineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
  let hasByteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
  var line = 1
  var lineStart = hasByteOrderMark ? 3 : 0
  for index in 0..<offset where bytes[index] == 0x0A {
    line += 1
    lineStart = index + 1
  }
  let column = 1 + bytes[min(lineStart, offset)..<offset].filter { $0 & 0xC0 != 0x80 }.count
  return (line, column)
}
