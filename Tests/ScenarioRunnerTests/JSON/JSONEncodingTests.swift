import Foundation
import ScenarioRunner
import Testing

@Suite("JSON text encoding: UTF-8, byte order marks, escapes")
struct JSONEncodingTests {
  /// `["a<bytes>"]` with the given raw bytes inside the string.
  private func stringDocument(containing bytes: [UInt8]) -> Data {
    Data([0x5B, 0x22, 0x61] + bytes + [0x22, 0x5D])
  }

  @Test(
    "malformed UTF-8 inside a string is rejected at its first byte",
    arguments: [
      ([0xFF], "0xFF"),  // never valid
      ([0x80], "0x80"),  // a lone continuation byte
      ([0xC0, 0x80], "0xC0"),  // overlong encoding of U+0000
      ([0xE0, 0x80, 0x80], "0xE0"),  // overlong three-byte form
      ([0xED, 0xA0, 0x80], "0xED"),  // an encoded surrogate
      ([0xE2, 0x82], "0xE2"),  // truncated by the closing quote
      ([0xF4, 0x90, 0x80, 0x80], "0xF4"),  // above U+10FFFF
      ([0xF8, 0x88, 0x80, 0x80, 0x80], "0xF8"),  // five-byte forms do not exist
    ] as [([UInt8], String)]
  )
  func invalidUTF8InString(bytes: [UInt8], shown: String) throws {
    let failure = try #require(parseFailure(stringDocument(containing: bytes)))
    #expect(failure.message == "invalid UTF-8 byte \(shown) in string")
    #expect(failure.location == SourceLocation(line: 1, column: 4, offset: 3))
  }

  @Test func invalidUTF8OutsideStringsIsNamed() throws {
    let failure = try #require(parseFailure(Data([0x5B, 0xC3, 0x5D])))
    #expect(failure.message == "expected a value or ']', found invalid UTF-8 byte 0xC3")
    let letter = try #require(parseFailure("[é]"))
    #expect(letter.message == "expected a value or ']', found 'é'")
  }

  @Test func validMultiByteCharactersParse() throws {
    let node = try JSONParser.parse(stringDocument(containing: Array("é中😀".utf8)))
    #expect(node.value.arrayValue?.first?.value.stringValue == "aé中😀")
  }

  @Test func byteOrderMarkIsSkippedAndDoesNotCountAsAColumn() throws {
    let node = try JSONParser.parse("\u{FEFF}{\"a\": 1}")
    #expect(node.location == SourceLocation(line: 1, column: 1, offset: 3))
    let value = try #require(node.value.objectValue?["a"])
    #expect(value.location == SourceLocation(line: 1, column: 7, offset: 9))

    let empty = try #require(parseFailure("\u{FEFF}"))
    #expect(empty.message == "expected a JSON value, found end of file")
    #expect(empty.location == SourceLocation(line: 1, column: 1, offset: 3))

    // Only one mark, and only at the start.
    let second = try #require(parseFailure("\u{FEFF}\u{FEFF}1"))
    #expect(second.message == "expected a JSON value, found '\u{FEFF}'")
  }

  @Test func utf16FilesAreRecognised() throws {
    let failure = try #require(parseFailure(Data([0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00])))
    #expect(
      failure.message == "the file is encoded as UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8")
    #expect(failure.location == .start)
  }

  @Test func escapesAreResolved() throws {
    let node = try JSONParser.parse(#"["\"\\\/\b\f\n\r\t", "\u00e9\u4E2D", "\ud83d\ude00!", "a\u0000b"]"#)
    let strings = try #require(node.value.arrayValue).map { $0.value.stringValue }
    #expect(strings == ["\"\\/\u{8}\u{C}\n\r\t", "é中", "😀!", "a\u{0}b"])
  }

  @Test func columnsAfterEscapesAndMultiByteCharactersCountScalars() throws {
    let node = try JSONParser.parse("{\"k😀\": \"\\u00e9é\", \"n\": 1}")
    let object = try #require(node.value.objectValue)
    // {"k😀": "\u00e9é", "n": 1}
    // the "n" key starts after 18 scalars; the emoji is 4 bytes and é is 2.
    #expect(object.member("n")?.keyLocation == SourceLocation(line: 1, column: 19, offset: 22))
    #expect(object["n"]?.location == SourceLocation(line: 1, column: 24, offset: 27))
  }

  @Test func carriageReturnsAreWhitespaceAndLineFeedsEndLines() throws {
    let node = try JSONParser.parse("[\r\n  1,\r\n  2\r\n]")
    let elements = try #require(node.value.arrayValue)
    #expect(
      elements.map(\.location) == [
        SourceLocation(line: 2, column: 3, offset: 5),
        SourceLocation(line: 3, column: 3, offset: 11),
      ])
  }
}
