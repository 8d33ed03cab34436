import Foundation

/// Decodes a page of Gitea's package list in one pass over its bytes.
///
/// A page is a JSON array of package objects, each about 1.5 KB of which the
/// GC reads five top-level fields (`id`, `name`, `type`, `version`,
/// `created_at`). This reader validates the whole body as strict JSON
/// (RFC 8259: no trailing commas, no control characters in strings, valid
/// escapes with paired surrogates, valid UTF-8, numbers a double can hold)
/// but builds nothing for the rest, which makes it several times faster
/// than `JSONDecoder` on the same page. It refuses what Gitea would never
/// send, field by field: a missing or mistyped field, a field given twice,
/// a bad time, an empty version.
///
/// Syntax comes first: when the body is not JSON at all, that is the error,
/// whatever the rows before the fault held.
public enum ListPageDecoder {
  /// Containers nested deeper than this inside a row are refused.
  public static let maximumDepth = 128

  /// The rows of one page, or the first thing wrong with it.
  public static func decode(_ body: Data) throws(ListingDecodingError) -> [PackageVersion] {
    let outcome: Result<[PackageVersion], ListingDecodingError> = body.withUnsafeBytes { bytes in
      var scanner = Scanner(bytes: bytes)
      do throws(Scanner.SyntaxError) {
        let rows = try scanner.page()
        if let problem = scanner.firstProblem { return .failure(problem) }
        return .success(rows)
      } catch {
        let preview = PrintableText.escaped(String(decoding: body.prefix(80), as: UTF8.self), limit: 80)
        if error.isNotArray {
          return .failure(ListingDecodingError("the body is JSON but not an array of packages"))
        }
        return .failure(
          ListingDecodingError("the body is not JSON (\(error.message) at byte \(error.offset); starts with \"\(preview)\")"))
      }
    }
    return try outcome.get()
  }

  /// The five fields of a row, as found.
  private struct RowFields {
    var id: Int64?
    var name: String?
    var type: String?
    var version: String?
    var createdAt: String?
    /// The kept keys met so far, to catch one given twice.
    var keysSeen: Set<Scanner.Key> = []
    var repeatedKey: String?

    mutating func meet(_ key: Scanner.Key) {
      if !keysSeen.insert(key).inserted, repeatedKey == nil { repeatedKey = key.rawValue }
    }
  }

  private struct Scanner {
    struct SyntaxError: Error {
      var message: String
      var offset: Int
      /// The body is well-formed JSON, only not an array.
      var isNotArray = false
    }

    let bytes: UnsafeRawBufferPointer
    var index = 0
    /// The first row that is well-formed JSON but not a package row; thrown
    /// once the whole body has proved to be JSON.
    var firstProblem: ListingDecodingError?

    init(bytes: UnsafeRawBufferPointer) {
      self.bytes = bytes
    }

    // MARK: The page

    mutating func page() throws(SyntaxError) -> [PackageVersion] {
      skipWhitespace()
      guard peek() == UInt8(ascii: "[") else {
        // Valid JSON of another shape gets its own message.
        let start = index
        try skipValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw fault("unexpected text after the value") }
        throw SyntaxError(message: "not an array", offset: start, isNotArray: true)
      }
      index += 1
      var rows: [PackageVersion] = []
      rows.reserveCapacity(64)
      skipWhitespace()
      if peek() == UInt8(ascii: "]") {
        index += 1
      } else {
        while true {
          skipWhitespace()
          if let row = try row(number: rows.count) { rows.append(row) }
          skipWhitespace()
          guard let next = peek() else { throw fault("the array is not closed") }
          index += 1
          if next == UInt8(ascii: "]") { break }
          guard next == UInt8(ascii: ",") else { throw fault("expected ',' or ']' after a row", at: index - 1) }
        }
      }
      skipWhitespace()
      guard index == bytes.count else { throw fault("unexpected text after the array") }
      return rows
    }

    /// One row; nil (with ``firstProblem`` set) when it is JSON but not a
    /// package. Rows after a problem are still scanned, for syntax.
    mutating func row(number: Int) throws(SyntaxError) -> PackageVersion? {
      guard peek() == UInt8(ascii: "{") else {
        try skipValue(depth: 1)
        note("row \(number) is not a JSON object")
        return nil
      }
      var fields = RowFields()
      try members { scanner, key throws(SyntaxError) in try scanner.field(key, into: &fields) }
      guard firstProblem == nil else { return nil }
      switch Self.version(from: fields, row: number) {
      case .success(let version): return version
      case .failure(let problem):
        firstProblem = problem
        return nil
      }
    }

    /// Reads the value of `key`: one of the five kept, or skipped.
    mutating func field(_ key: Key, into fields: inout RowFields) throws(SyntaxError) {
      if key != .other { fields.meet(key) }
      switch key {
      case .id: fields.id = try integerOrSkip()
      case .name: fields.name = try stringOrSkip()
      case .type: fields.type = try stringOrSkip()
      case .version: fields.version = try stringOrSkip()
      case .createdAt: fields.createdAt = try stringOrSkip()
      case .other: try skipValue(depth: 2)
      }
    }

    /// The checks of a row, in the order their messages have always come.
    static func version(from fields: RowFields, row: Int) -> Result<PackageVersion, ListingDecodingError> {
      if let repeated = fields.repeatedKey {
        return .failure(ListingDecodingError("row \(row) has the key '\(repeated)' more than once"))
      }
      guard let id = fields.id else { return .failure(ListingDecodingError("row \(row) has no integer 'id'")) }
      guard let created = fields.createdAt else {
        return .failure(ListingDecodingError("row \(row) has no string 'created_at'"))
      }
      guard let date = Timestamp.parse(created) else {
        return .failure(
          ListingDecodingError("row \(row) has a 'created_at' that is not an RFC 3339 time: \"\(created)\""))
      }
      guard let version = fields.version else {
        return .failure(ListingDecodingError("row \(row) has no string 'version'"))
      }
      guard !version.isEmpty else { return .failure(ListingDecodingError("row \(row) has an empty 'version'")) }
      guard let name = fields.name else { return .failure(ListingDecodingError("row \(row) has no string 'name'")) }
      guard let type = fields.type else { return .failure(ListingDecodingError("row \(row) has no string 'type'")) }
      return .success(
        PackageVersion(id: id, packageName: name, type: type, version: version, createdAt: date, createdAtText: created))
    }

    mutating func note(_ problem: String) {
      if firstProblem == nil { firstProblem = ListingDecodingError(problem) }
    }

    /// Walks the object at `index` (on its `{`) to just past its `}`,
    /// handing each member's key to `visit`, which must read the value.
    mutating func members(
      _ visit: (inout Scanner, Key) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
      index += 1
      skipWhitespace()
      if peek() == UInt8(ascii: "}") {
        index += 1
        return
      }
      while true {
        skipWhitespace()
        let member = try key()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw fault("expected ':' after a key") }
        index += 1
        skipWhitespace()
        try visit(&self, member)
        skipWhitespace()
        guard let next = peek() else { throw fault("an object is not closed") }
        index += 1
        if next == UInt8(ascii: "}") { return }
        guard next == UInt8(ascii: ",") else { throw fault("expected ',' or '}' in an object", at: index - 1) }
      }
    }

    // MARK: Keys and kept values

    /// The row keys the GC reads, by their JSON names; any other is `other`.
    enum Key: String {
      case id, name, type, version
      case createdAt = "created_at"
      case other
    }

    /// The key at `index` (on its opening quote), as one the GC reads or `other`.
    mutating func key() throws(SyntaxError) -> Key {
      guard peek() == UInt8(ascii: "\"") else { throw fault("expected a key in quotes") }
      let start = index + 1
      let hasEscapes = try skipString()
      if hasEscapes {
        // Keys with escapes are matched on their decoded text.
        index = start - 1
        return Key(rawValue: try string()) ?? .other
      }
      let key = UnsafeRawBufferPointer(rebasing: bytes[start..<(index - 1)])
      switch key.count {
      case 2 where key.elementsEqual("id".utf8): return .id
      case 4 where key.elementsEqual("name".utf8): return .name
      case 4 where key.elementsEqual("type".utf8): return .type
      case 7 where key.elementsEqual("version".utf8): return .version
      case 10 where key.elementsEqual("created_at".utf8): return .createdAt
      default: return .other
      }
    }

    /// A string value, or nil after skipping a value of another type.
    mutating func stringOrSkip() throws(SyntaxError) -> String? {
      guard peek() == UInt8(ascii: "\"") else {
        try skipValue(depth: 2)
        return nil
      }
      return try string()
    }

    /// An integer value that fits Int64, or nil after skipping any other value.
    mutating func integerOrSkip() throws(SyntaxError) -> Int64? {
      let start = index
      guard let first = peek(), first == UInt8(ascii: "-") || Self.isDigit(first) else {
        try skipValue(depth: 2)
        return nil
      }
      try skipNumber()
      let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
      guard !text.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
      else { return nil }
      return Int64(String(decoding: text, as: UTF8.self))
    }

    /// Reads a string at `index` (on its opening quote), decoding escapes.
    /// ``skipString()`` has checked its escapes, surrogate pairs and UTF-8.
    mutating func string() throws(SyntaxError) -> String {
      let start = index + 1
      let hasEscapes = try skipString()
      let end = index - 1
      guard hasEscapes else { return text(start..<end) }
      var decoded = ""
      var position = start
      while position < end {
        guard bytes[position] == UInt8(ascii: "\\") else {
          // The run up to the next escape, as it is.
          var runEnd = position
          while runEnd < end, bytes[runEnd] != UInt8(ascii: "\\") { runEnd += 1 }
          decoded += text(position..<runEnd)
          position = runEnd
          continue
        }
        let escape = bytes[position + 1]
        position += 2
        switch escape {
        case UInt8(ascii: "b"): decoded.unicodeScalars.append("\u{08}")
        case UInt8(ascii: "f"): decoded.unicodeScalars.append("\u{0C}")
        case UInt8(ascii: "n"): decoded.unicodeScalars.append("\n")
        case UInt8(ascii: "r"): decoded.unicodeScalars.append("\r")
        case UInt8(ascii: "t"): decoded.unicodeScalars.append("\t")
        case UInt8(ascii: "u"):
          var value = unicodeEscape(at: position - 2)!
          position += 4
          if (0xD800...0xDBFF).contains(value) {
            value = 0x10000 + ((value - 0xD800) << 10) + (unicodeEscape(at: position)! - 0xDC00)
            position += 6
          }
          decoded.unicodeScalars.append(Unicode.Scalar(value)!)
        default:  // '"', '\\' or '/'
          decoded.unicodeScalars.append(Unicode.Scalar(escape))
        }
      }
      return decoded
    }

    /// The bytes in `range`, already checked as UTF-8, as text.
    func text(_ range: Range<Int>) -> String {
      String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: Validation without building

    /// Skips any JSON value, checking its syntax.
    mutating func skipValue(depth: Int) throws(SyntaxError) {
      guard depth <= ListPageDecoder.maximumDepth else { throw fault("values are nested too deeply") }
      guard let byte = peek() else { throw fault("a value is missing at the end") }
      switch byte {
      case UInt8(ascii: "\""):
        _ = try skipString()
      case UInt8(ascii: "{"):
        try members { scanner, _ throws(SyntaxError) in try scanner.skipValue(depth: depth + 1) }
      case UInt8(ascii: "["):
        index += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
          index += 1
          return
        }
        while true {
          skipWhitespace()
          try skipValue(depth: depth + 1)
          skipWhitespace()
          guard let next = peek() else { throw fault("an array is not closed") }
          index += 1
          if next == UInt8(ascii: "]") { return }
          guard next == UInt8(ascii: ",") else { throw fault("expected ',' or ']' in an array", at: index - 1) }
        }
      case UInt8(ascii: "t"): try skipLiteral("true")
      case UInt8(ascii: "f"): try skipLiteral("false")
      case UInt8(ascii: "n"): try skipLiteral("null")
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
      default: throw fault("unexpected character")
      }
    }

    /// Skips a string from its opening quote to just past its closing one,
    /// checking its escapes and its UTF-8. Returns whether it holds escapes.
    mutating func skipString() throws(SyntaxError) -> Bool {
      let opening = index
      index += 1
      var hasEscapes = false
      var hasNonASCII = false
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          index += 1
          if hasNonASCII,
            String(validating: UnsafeRawBufferPointer(rebasing: bytes[(opening + 1)..<(index - 1)]), as: UTF8.self) == nil
          {
            throw fault("a string is not valid UTF-8", at: opening)
          }
          return hasEscapes
        }
        if byte >= 0x80 {
          hasNonASCII = true
          index += 1
          continue
        }
        if byte < 0x20 { throw fault("a control character inside a string") }
        if byte == UInt8(ascii: "\\") {
          hasEscapes = true
          guard index + 1 < bytes.count else { break }
          switch bytes[index + 1] {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
          case UInt8(ascii: "u"):
            // A UTF-16 code unit: surrogates must come as a high-low pair.
            guard let unit = unicodeEscape(at: index) else { throw fault("a \\u escape needs four hex digits") }
            if (0xDC00...0xDFFF).contains(unit) { throw fault("a string has an unpaired surrogate") }
            if (0xD800...0xDBFF).contains(unit) {
              guard let low = unicodeEscape(at: index + 6), (0xDC00...0xDFFF).contains(low) else {
                throw fault("a string has an unpaired surrogate")
              }
              index += 6
            }
            index += 6
          default:
            throw fault("an unknown escape in a string")
          }
          continue
        }
        index += 1
      }
      throw fault("a string is not closed", at: opening)
    }

    /// The code unit of a `\uXXXX` escape starting at `position`, or nil.
    func unicodeEscape(at position: Int) -> UInt32? {
      guard position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
        bytes[position + 1] == UInt8(ascii: "u")
      else { return nil }
      var value: UInt32 = 0
      for offset in 2..<6 {
        guard let digit = Self.hexDigit(bytes[position + offset]) else { return nil }
        value = value << 4 | UInt32(digit)
      }
      return value
    }

    /// Skips a number as RFC 8259 spells it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// A number too large for a Double is refused, as Foundation refuses it.
    mutating func skipNumber() throws(SyntaxError) {
      let start = index
      if peek() == UInt8(ascii: "-") { index += 1 }
      guard let first = peek(), Self.isDigit(first) else { throw fault("a number needs a digit") }
      index += 1
      if first != UInt8(ascii: "0") { skipDigits() }
      if peek() == UInt8(ascii: ".") {
        index += 1
        guard let digit = peek(), Self.isDigit(digit) else { throw fault("a number needs a digit after '.'") }
        skipDigits()
      }
      if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
        index += 1
        if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
        guard let digit = peek(), Self.isDigit(digit) else { throw fault("a number needs a digit in its exponent") }
        skipDigits()
      }
      // Only long numbers or ones with an exponent can overflow; the check
      // stays off the common path.
      let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
      if text.count > 300 || text.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
          throw fault("a number too large for a double", at: start)
        }
      }
    }

    mutating func skipDigits() {
      while let byte = peek(), Self.isDigit(byte) { index += 1 }
    }

    mutating func skipLiteral(_ literal: StaticString) throws(SyntaxError) {
      let count = literal.utf8CodeUnitCount
      guard index + count <= bytes.count else { throw fault("an unknown word") }
      let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: count)
      guard UnsafeRawBufferPointer(rebasing: bytes[index..<(index + count)]).elementsEqual(expected) else {
        throw fault("an unknown word")
      }
      index += count
    }

    mutating func skipWhitespace() {
      while index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x0A, 0x0D, 0x09: index += 1
        default: return
        }
      }
    }

    func peek() -> UInt8? {
      index < bytes.count ? bytes[index] : nil
    }

    func fault(_ message: String, at offset: Int? = nil) -> SyntaxError {
      SyntaxError(message: message, offset: offset ?? index)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
      byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
      default: nil
      }
    }
  }
}
