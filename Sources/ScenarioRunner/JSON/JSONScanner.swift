import RegistryGC

/// The recursive-descent parser behind `JSONParser`, working directly on UTF-8 bytes.
///
/// It tracks the line, the byte where the line starts and how many UTF-8
/// continuation bytes the line holds so far; the column of the current byte is
/// then `offset - lineStart - continuationBytes + 1` in Unicode scalars, with no
/// rescanning. Raw line breaks can only occur in whitespace (inside strings they
/// are errors) and non-ASCII bytes only inside strings, which keeps the
/// bookkeeping to two places.
struct JSONScanner {
  private let bytes: UnsafeBufferPointer<UInt8>
  private let maximumDepth: Int
  private var offset = 0
  private var line = 1
  private var lineStart = 0
  private var lineContinuationBytes = 0
  private var depth = 0
  /// Reused buffer for strings that contain escapes.
  private var scratch: [UInt8] = []

  init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
    self.bytes = bytes
    self.maximumDepth = maximumDepth
  }

  // MARK: Document

  /// Parses the whole input as exactly one JSON value surrounded by optional whitespace.
  mutating func parseDocument() throws(Diagnostic) -> JSONNode {
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      offset = 3
      lineStart = 3
    } else if bytes.count >= 2, (bytes[0], bytes[1]) == (0xFE, 0xFF) || (bytes[0], bytes[1]) == (0xFF, 0xFE) {
      throw failure(
        "the file is encoded as UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8", path: .root)
    }
    skipWhitespace()
    let node = try parseValue(path: .root, expecting: "a JSON value")
    skipWhitespace()
    if offset < bytes.count {
      throw failure(
        "expected end of file after the top-level value, found \(describe(at: offset))\(commentHint())",
        path: .root
      )
    }
    return node
  }

  // MARK: Values

  private mutating func parseValue(path: JSONPath, expecting expectation: String) throws(Diagnostic) -> JSONNode {
    let start = location
    guard let byte = current else {
      throw failure("expected \(expectation), found end of file", path: path)
    }
    switch byte {
    case UInt8(ascii: "{"):
      return try parseObject(path: path, start: start)
    case UInt8(ascii: "["):
      return try parseArray(path: path, start: start)
    case UInt8(ascii: "\""):
      return JSONNode(value: .string(try parseString(path: path)), location: start, path: path)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return JSONNode(value: .number(try parseNumber(path: path)), location: start, path: path)
    case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
      let value: JSONValue
      switch word(at: offset) {
      case "true": value = .bool(true)
      case "false": value = .bool(false)
      case "null": value = .null
      default: throw unexpectedValue(expecting: expectation, path: path)
      }
      offset += byte == UInt8(ascii: "f") ? 5 : 4
      return JSONNode(value: value, location: start, path: path)
    default:
      throw unexpectedValue(expecting: expectation, path: path)
    }
  }

  private mutating func parseObject(path: JSONPath, start: SourceLocation) throws(Diagnostic) -> JSONNode {
    try enterContainer(path: path, start: start)
    offset += 1
    var members: [JSONObject.Member] = []
    var index: [String: Int]?
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      offset += 1
      depth -= 1
      return JSONNode(value: .object(JSONObject(members: [], index: nil)), location: start, path: path)
    }
    var expectation = "a string key or '}'"
    while true {
      guard current == UInt8(ascii: "\"") else {
        throw failure("expected \(expectation), found \(describe(at: offset))\(keyHint())", path: path)
      }
      let keyLocation = location
      let key = try parseString(path: path)
      let memberPath = path.appending(key: key)
      if let earlier = Self.position(of: key, in: members, index: &index) {
        let first = members[earlier].keyLocation
        throw failure(
          "duplicate key '\(key)' in object (first defined at line \(first.line), column \(first.column))",
          at: keyLocation,
          path: memberPath
        )
      }
      skipWhitespace()
      guard current == UInt8(ascii: ":") else {
        throw failure("expected ':' after object key '\(key)', found \(describe(at: offset))", path: memberPath)
      }
      offset += 1
      skipWhitespace()
      let value = try parseValue(path: memberPath, expecting: "a value after ':'")
      members.append(JSONObject.Member(key: key, keyLocation: keyLocation, value: value))
      index?[key] = members.count - 1
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        let comma = location
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
          throw failure("trailing comma before '}'", at: comma, path: path)
        }
        expectation = "a string key after ','"
      case UInt8(ascii: "}"):
        offset += 1
        depth -= 1
        let object =
          members.count > JSONObject.indexThreshold && index != nil
          ? JSONObject(members: members, index: index) : JSONObject(members: members)
        return JSONNode(value: .object(object), location: start, path: path)
      default:
        throw failure(
          "expected ',' or '}' after object member, found \(describe(at: offset))\(commentHint())",
          path: path
        )
      }
    }
  }

  /// Where `key` already occurs among `members`, building a hash index once the object grows.
  private static func position(of key: String, in members: [JSONObject.Member], index: inout [String: Int]?) -> Int? {
    if let index { return index[key] }
    if members.count < JSONObject.indexThreshold {
      return members.firstIndex { $0.key == key }
    }
    var built = [String: Int](minimumCapacity: members.count * 2)
    for (position, member) in members.enumerated() {
      built[member.key] = position
    }
    index = built
    return built[key]
  }

  private mutating func parseArray(path: JSONPath, start: SourceLocation) throws(Diagnostic) -> JSONNode {
    try enterContainer(path: path, start: start)
    offset += 1
    var elements: [JSONNode] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      offset += 1
      depth -= 1
      return JSONNode(value: .array(elements), location: start, path: path)
    }
    var expectation = "a value or ']'"
    while true {
      elements.append(try parseValue(path: path.appending(index: elements.count), expecting: expectation))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        let comma = location
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") {
          throw failure("trailing comma before ']'", at: comma, path: path)
        }
        expectation = "a value after ','"
      case UInt8(ascii: "]"):
        offset += 1
        depth -= 1
        return JSONNode(value: .array(elements), location: start, path: path)
      default:
        throw failure(
          "expected ',' or ']' after array element, found \(describe(at: offset))\(commentHint())",
          path: path
        )
      }
    }
  }

  private mutating func enterContainer(path: JSONPath, start: SourceLocation) throws(Diagnostic) {
    depth += 1
    if depth > maximumDepth {
      throw failure("nesting too deep: more than \(maximumDepth) nested arrays and objects", at: start, path: path)
    }
  }

  // MARK: Numbers

  private mutating func parseNumber(path: JSONPath) throws(Diagnostic) -> JSONNumber {
    let start = location
    let begin = offset
    if current == UInt8(ascii: "-") {
      offset += 1
      guard isDigit(current) else {
        throw failure("expected a digit after '-', found \(describe(at: offset))\(valueHint())", path: path)
      }
    }
    if current == UInt8(ascii: "0") {
      offset += 1
      if isDigit(current) {
        skipDigits()
        throw failure("invalid number '\(text(from: begin))': leading zeros are not allowed", at: start, path: path)
      }
    } else {
      skipDigits()
    }
    if current == UInt8(ascii: ".") {
      offset += 1
      guard isDigit(current) else {
        throw failure("expected a digit after '.' in number, found \(describe(at: offset))", path: path)
      }
      skipDigits()
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      offset += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
        offset += 1
      }
      guard isDigit(current) else {
        throw failure("expected a digit in the exponent of number, found \(describe(at: offset))", path: path)
      }
      skipDigits()
    }
    return JSONNumber(validatedText: text(from: begin))
  }

  private func isDigit(_ byte: UInt8?) -> Bool {
    guard let byte else { return false }
    return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private mutating func skipDigits() {
    while isDigit(current) { offset += 1 }
  }

  /// The bytes from `begin` up to the current offset, as text.
  private func text(from begin: Int) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<offset]), as: UTF8.self)
  }

  // MARK: Strings

  /// Parses a string starting at the opening quote and returns its content with escapes resolved.
  private mutating func parseString(path: JSONPath) throws(Diagnostic) -> String {
    let opening = location
    offset += 1
    var segmentStart = offset
    var hasEscapes = false
    while true {
      guard let byte = current else {
        throw failure("unterminated string: no closing '\"' before the end of the file", at: opening, path: path)
      }
      switch byte {
      case UInt8(ascii: "\""):
        let result: String
        if hasEscapes {
          scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart..<offset]))
          result = String(decoding: scratch, as: UTF8.self)
        } else {
          result = text(from: segmentStart)
        }
        offset += 1
        return result
      case UInt8(ascii: "\\"):
        if !hasEscapes {
          hasEscapes = true
          scratch.removeAll(keepingCapacity: true)
        }
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart..<offset]))
        try parseEscape(opening: opening, path: path)
        segmentStart = offset
      case 0x0A, 0x0D:
        throw failure("unterminated string: no closing '\"' before the end of the line", at: opening, path: path)
      case 0x00..<0x20:
        throw failure(
          "\(Self.controlCharacterName(byte)) must be escaped in a string (write \(Self.escapeSpelling(byte)))",
          path: path
        )
      case 0x20..<0x80:
        offset += 1
      default:
        guard let length = validUTF8Length(at: offset) else {
          throw failure("invalid UTF-8 byte 0x\(Self.hex2(byte)) in string", path: path)
        }
        offset += length
        lineContinuationBytes += length - 1
      }
    }
  }

  /// Parses the escape sequence at the current backslash and appends what it stands for to `scratch`.
  private mutating func parseEscape(opening: SourceLocation, path: JSONPath) throws(Diagnostic) {
    let escapeStart = location
    guard offset + 1 < bytes.count else {
      throw failure("unterminated string: no closing '\"' before the end of the file", at: opening, path: path)
    }
    let letter = bytes[offset + 1]
    let simple: UInt8?
    switch letter {
    case UInt8(ascii: "\""): simple = 0x22
    case UInt8(ascii: "\\"): simple = 0x5C
    case UInt8(ascii: "/"): simple = 0x2F
    case UInt8(ascii: "b"): simple = 0x08
    case UInt8(ascii: "f"): simple = 0x0C
    case UInt8(ascii: "n"): simple = 0x0A
    case UInt8(ascii: "r"): simple = 0x0D
    case UInt8(ascii: "t"): simple = 0x09
    case UInt8(ascii: "u"): simple = nil
    case 0x21..<0x7F:
      throw failure(
        "invalid escape '\\\(Character(Unicode.Scalar(letter)))' in string "
          + "(valid escapes are \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX)",
        path: path
      )
    default:
      throw failure("invalid escape in string: '\\' followed by \(describe(at: offset + 1))", path: path)
    }
    if let simple {
      scratch.append(simple)
      offset += 2
      return
    }
    let unit = try readUnicodeEscape(path: path)
    let scalarValue: UInt32
    switch unit {
    case 0xD800...0xDBFF:
      let unpaired = failure(
        "unpaired surrogate '\\u\(JSONStringLiteral.hex4(unit))' in string: "
          + "a high surrogate must be followed by a low surrogate escape (\\uDC00 to \\uDFFF)",
        at: escapeStart,
        path: path
      )
      guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
        throw unpaired
      }
      let low = try readUnicodeEscape(path: path)
      guard (0xDC00...0xDFFF).contains(low) else { throw unpaired }
      scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
    case 0xDC00...0xDFFF:
      throw failure(
        "unpaired surrogate '\\u\(JSONStringLiteral.hex4(unit))' in string: "
          + "a low surrogate must follow a high surrogate escape",
        at: escapeStart,
        path: path
      )
    default:
      scalarValue = unit
    }
    // Surrogates are excluded above, so every remaining value is a valid scalar.
    if let scalar = Unicode.Scalar(scalarValue), let encoded = UTF8.encode(scalar) {
      scratch.append(contentsOf: encoded)
    }
  }

  /// Reads `\uXXXX` at the current offset and returns the code unit, moving past it.
  private mutating func readUnicodeEscape(path: JSONPath) throws(Diagnostic) -> UInt32 {
    var unit: UInt32 = 0
    for position in (offset + 2)..<(offset + 6) {
      guard position < bytes.count, let digit = Self.hexValue(bytes[position]) else {
        var shown = "\\u"
        var cursor = offset + 2
        while cursor <= position, cursor < bytes.count, (0x21..<0x7F).contains(bytes[cursor]) {
          shown.append(Character(Unicode.Scalar(bytes[cursor])))
          cursor += 1
        }
        throw failure(
          "invalid escape '\(shown)' in string: '\\u' must be followed by four hexadecimal digits",
          path: path
        )
      }
      unit = unit << 4 | digit
    }
    offset += 6
    return unit
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  private static func controlCharacterName(_ byte: UInt8) -> String {
    switch byte {
    case 0x09: "tab character (U+0009)"
    default: "control character U+\(JSONStringLiteral.hex4(UInt32(byte)))"
    }
  }

  private static func escapeSpelling(_ byte: UInt8) -> String {
    switch byte {
    case 0x08: "\\b"
    case 0x09: "\\t"
    case 0x0C: "\\f"
    default: "\\u" + JSONStringLiteral.hex4(UInt32(byte))
    }
  }

  // MARK: UTF-8

  /// The length of the well-formed UTF-8 sequence starting at `position`, or `nil`
  /// if it is malformed (overlong forms, surrogates and values above U+10FFFF included).
  private func validUTF8Length(at position: Int) -> Int? {
    func isContinuation(_ index: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
      index < bytes.count && range.contains(bytes[index])
    }
    switch bytes[position] {
    case 0x00...0x7F:
      return 1
    case 0xC2...0xDF:
      return isContinuation(position + 1) ? 2 : nil
    case 0xE0:
      return isContinuation(position + 1, 0xA0...0xBF) && isContinuation(position + 2) ? 3 : nil
    case 0xE1...0xEC, 0xEE...0xEF:
      return isContinuation(position + 1) && isContinuation(position + 2) ? 3 : nil
    case 0xED:
      return isContinuation(position + 1, 0x80...0x9F) && isContinuation(position + 2) ? 3 : nil
    case 0xF0:
      return isContinuation(position + 1, 0x90...0xBF) && isContinuation(position + 2)
        && isContinuation(position + 3) ? 4 : nil
    case 0xF1...0xF3:
      return isContinuation(position + 1) && isContinuation(position + 2) && isContinuation(position + 3) ? 4 : nil
    case 0xF4:
      return isContinuation(position + 1, 0x80...0x8F) && isContinuation(position + 2)
        && isContinuation(position + 3) ? 4 : nil
    default:
      return nil
    }
  }

  // MARK: Position

  private var current: UInt8? {
    offset < bytes.count ? bytes[offset] : nil
  }

  private var location: SourceLocation {
    SourceLocation(line: line, column: offset - lineStart - lineContinuationBytes + 1, offset: offset)
  }

  private mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x09, 0x0D:
        offset += 1
      case 0x0A:
        offset += 1
        line += 1
        lineStart = offset
        lineContinuationBytes = 0
      default:
        return
      }
    }
  }

  // MARK: Messages

  /// A diagnostic at `location` (the current position unless given). Paths of the
  /// top-level value are left out: they add nothing to a syntax error.
  private func failure(_ message: String, at location: SourceLocation? = nil, path: JSONPath) -> Diagnostic {
    Diagnostic(location: location ?? self.location, path: path.isRoot ? nil : path, message: message)
  }

  private func unexpectedValue(expecting expectation: String, path: JSONPath) -> Diagnostic {
    failure("expected \(expectation), found \(describe(at: offset))\(valueHint())", path: path)
  }

  /// Names what is at `position` for a "found ..." clause: a quoted character,
  /// a whole word, `end of file`, a control character or a bad UTF-8 byte.
  private func describe(at position: Int) -> String {
    guard position < bytes.count else { return "end of file" }
    let byte = bytes[position]
    if byte.isASCIIWordByte {
      let found = word(at: position)
      return found.count > 30 ? "'\(found.prefix(30))…'" : "'\(found)'"
    }
    switch byte {
    case 0x20..<0x7F:
      return "'\(Character(Unicode.Scalar(byte)))'"
    case 0x00..<0x20, 0x7F:
      return "control character U+\(JSONStringLiteral.hex4(UInt32(byte)))"
    default:
      guard let length = validUTF8Length(at: position) else {
        return "invalid UTF-8 byte 0x\(Self.hex2(byte))"
      }
      let scalarText = String(
        decoding: UnsafeBufferPointer(rebasing: bytes[position..<(position + length)]), as: UTF8.self)
      return "'\(scalarText)'"
    }
  }

  /// The run of ASCII letters, digits and underscores starting at `position`.
  private func word(at position: Int) -> String {
    var end = position
    while end < bytes.count, bytes[end].isASCIIWordByte { end += 1 }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
  }


  /// A hint for the mistakes people make where a value should be.
  private func valueHint() -> String {
    guard let byte = current else { return "" }
    switch byte {
    case UInt8(ascii: "+"): return " (a number must not start with '+')"
    case UInt8(ascii: "."): return " (a number needs a digit before '.')"
    case _ where byte.isASCIIWordByte:
      let found = word(at: offset)
      let lowered = found.lowercased()
      if ["nan", "infinity", "inf"].contains(lowered) {
        return " (JSON has no NaN or Infinity)"
      }
      let literals = ["true", "false", "null"]
      if let literal = literals.first(where: { $0 == lowered })
        ?? SpellingSuggestion.bestMatch(for: lowered, among: literals)
      {
        return " (did you mean '\(literal)'?)"
      }
      return isDigit(byte) ? "" : " (strings must be in double quotes)"
    default:
      return commentHint()
    }
  }

  /// A hint for the mistakes people make where an object key should be.
  private func keyHint() -> String {
    guard let byte = current else { return "" }
    if byte.isASCIIWordByte { return " (object keys must be in double quotes)" }
    return commentHint()
  }

  /// A hint for comments and single-quoted strings, which JSON does not have.
  private func commentHint() -> String {
    switch current {
    case UInt8(ascii: "/"), UInt8(ascii: "#"): " (JSON does not allow comments)"
    case UInt8(ascii: "'"): " (JSON strings use double quotes)"
    default: ""
    }
  }

  private static func hex2(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return digits.count == 1 ? "0" + digits : digits
  }
}
