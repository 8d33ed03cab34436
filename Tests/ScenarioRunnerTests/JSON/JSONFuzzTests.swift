import Foundation
import ScenarioRunner
import Testing

/// A small deterministic random number generator (SplitMix64), so every run sees the same inputs.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}

/// Writes random but valid JSON documents with varied whitespace, escapes and non-ASCII text.
struct RandomDocumentWriter {
  var random: SeededGenerator

  mutating func document() -> String {
    let value = self.value(depth: 0)
    return (Bool.random(using: &random) ? "\u{FEFF}" : "") + whitespace() + value + whitespace()
  }

  private mutating func value(depth: Int) -> String {
    switch Int.random(in: 0..<(depth < 4 ? 8 : 5), using: &random) {
    case 0: return ["true", "false", "null"].randomElement(using: &random)!
    case 1, 2: return number()
    case 3, 4: return string()
    case 5: return array(depth: depth)
    default: return object(depth: depth)
    }
  }

  private mutating func array(depth: Int) -> String {
    let count = Int.random(in: 0...4, using: &random)
    let elements = (0..<count).map { _ in whitespace() + value(depth: depth + 1) + whitespace() }
    return "[" + (elements.isEmpty ? whitespace() : elements.joined(separator: ",")) + "]"
  }

  private mutating func object(depth: Int) -> String {
    let count = Int.random(in: 0...4, using: &random)
    var keys: Set<String> = []
    var members: [String] = []
    for _ in 0..<count {
      let key = string()
      // Keys must be unique after escapes are resolved; compare by the rendered text of the decoded key.
      guard let decoded = try? JSONParser.parse(key).value.stringValue, keys.insert(decoded).inserted else { continue }
      members.append(whitespace() + key + whitespace() + ":" + whitespace() + value(depth: depth + 1) + whitespace())
    }
    return "{" + (members.isEmpty ? whitespace() : members.joined(separator: ",")) + "}"
  }

  private mutating func number() -> String {
    var text = Bool.random(using: &random) ? "-" : ""
    text += Bool.random(using: &random) ? "0" : String(Int.random(in: 1...99_999, using: &random))
    if Bool.random(using: &random) { text += "." + String(Int.random(in: 0...999, using: &random)) }
    if Int.random(in: 0..<4, using: &random) == 0 {
      text += ["e", "E"].randomElement(using: &random)! + ["", "+", "-"].randomElement(using: &random)!
      text += String(Int.random(in: 0...30, using: &random))
    }
    return text
  }

  private mutating func string() -> String {
    let pieces = [
      "a", "b", "name", " ", "é", "中", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\u00e9", "\\uD83D\\uDE00", "\\u0000",
      "-", "x",
    ]
    let count = Int.random(in: 0...5, using: &random)
    return "\"" + (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined() + "\""
  }

  private mutating func whitespace() -> String {
    let options = ["", "", "", " ", "\n", "  ", "\t", "\r\n", "\n    "]
    return options.randomElement(using: &random)!
  }
}

@Suite("JSON parser robustness")
struct JSONFuzzTests {
  /// Checks that every node's location agrees with a position computed independently
  /// from the bytes, and that the byte there starts that kind of value.
  private func checkLocations(of root: JSONNode, in bytes: [UInt8]) {
    for node in allNodes(root) {
      let offset = node.location.offset
      guard offset < bytes.count else {
        Issue.record("node at \(node.path) has offset \(offset) past the end (\(bytes.count))")
        return
      }
      let expected = expectedLineAndColumn(of: offset, in: bytes)
      #expect(node.location.line == expected.line && node.location.column == expected.column, "\(node.path)")
      let first = bytes[offset]
      switch node.value {
      case .null: #expect(first == UInt8(ascii: "n"))
      case .bool(let value): #expect(first == (value ? UInt8(ascii: "t") : UInt8(ascii: "f")))
      case .number(let number):
        #expect(Array(bytes[offset..<min(bytes.count, offset + number.text.utf8.count)]) == Array(number.text.utf8))
      case .string: #expect(first == UInt8(ascii: "\""))
      case .array: #expect(first == UInt8(ascii: "["))
      case .object(let object):
        #expect(first == UInt8(ascii: "{"))
        for member in object.members {
          #expect(bytes[member.keyLocation.offset] == UInt8(ascii: "\""))
          let keyPosition = expectedLineAndColumn(of: member.keyLocation.offset, in: bytes)
          #expect(member.keyLocation.line == keyPosition.line && member.keyLocation.column == keyPosition.column)
        }
      }
    }
  }

  @Test func validRandomDocumentsParseWithExactLocationsAndRoundTrip() throws {
    var writer = RandomDocumentWriter(random: SeededGenerator(seed: 0x5EED_0001))
    for _ in 0..<1_500 {
      let text = writer.document()
      let bytes = Array(text.utf8)
      let node: JSONNode
      do {
        node = try JSONParser.parse(Data(bytes))
      } catch {
        Issue.record("valid document rejected: \(error)\n\(text)")
        continue
      }
      checkLocations(of: node, in: bytes)
      let canonical = canonicalJSON(node)
      let reparsed = try JSONParser.parse(canonical)
      #expect(canonicalJSON(reparsed) == canonical)
      // Foundation agrees that what we accepted is JSON.
      #expect((try? JSONSerialization.jsonObject(with: Data(canonical.utf8), options: [.fragmentsAllowed])) != nil)
    }
  }

  @Test func mutatedAndRandomInputsNeverCrashAndErrorsAreWellPlaced() throws {
    var random = SeededGenerator(seed: 0xF022_2026)
    var writer = RandomDocumentWriter(random: SeededGenerator(seed: 0x5EED_0002))
    let interesting: [UInt8] =
      Array("{}[]\",:\\ \n\t-+.0123456789eEtrufalsn/'u".utf8) + [
        0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF,
      ]
    var accepted = 0
    var rejected = 0
    for round in 0..<4_000 {
      var bytes: [UInt8]
      if round % 8 == 7 {
        bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in
          Bool.random(using: &random)
            ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
        }
      } else {
        bytes = Array(writer.document().utf8)
        for _ in 0..<Int.random(in: 1...3, using: &random) {
          mutate(&bytes, using: &random, interesting: interesting)
        }
      }
      do {
        let node = try JSONParser.parse(Data(bytes))
        accepted += 1
        checkLocations(of: node, in: bytes)
      } catch {
        rejected += 1
        let location = try #require(error.location)
        #expect(location.offset >= 0 && location.offset <= bytes.count)
        let expected = expectedLineAndColumn(of: location.offset, in: bytes)
        #expect(
          location.line == expected.line && location.column == expected.column,
          "\(error) in \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        #expect(!error.message.isEmpty)
      }
    }
    // The mutations must exercise both outcomes for this test to mean anything.
    #expect(accepted > 200)
    #expect(rejected > 2_000)
  }

  private func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator, interesting: [UInt8]) {
    guard !bytes.isEmpty else {
      bytes.append(interesting.randomElement(using: &random)!)
      return
    }
    let position = Int.random(in: 0..<bytes.count, using: &random)
    switch Int.random(in: 0..<7, using: &random) {
    case 0: bytes.remove(at: position)
    case 1: bytes.insert(interesting.randomElement(using: &random)!, at: position)
    case 2: bytes[position] = interesting.randomElement(using: &random)!
    case 3: bytes[position] = UInt8.random(in: 0...255, using: &random)
    case 4: bytes.removeSubrange(position...)
    case 5:
      let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
      bytes.insert(contentsOf: bytes[position..<end], at: position)
    default:
      let other = Int.random(in: 0..<bytes.count, using: &random)
      bytes.swapAt(position, other)
    }
  }
}
