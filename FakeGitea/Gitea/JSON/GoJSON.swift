import Foundation

/// A JSON value written the way Go's `encoding/json` writes it: object keys in
/// the order given (struct field order), HTML-sensitive characters escaped as
/// `\u003c`-style sequences, no spaces. `raw` embeds bytes that are already JSON.
indirect enum GoJSON {
  case object([(String, GoJSON)])
  case array([GoJSON])
  case string(String)
  case integer(Int64)
  case bool(Bool)
  case null
  case raw([UInt8])

  /// The encoded UTF-8 bytes, without a trailing newline.
  var bytes: [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(256)
    write(into: &output)
    return output
  }

  /// The encoded text, without a trailing newline.
  var encoded: String { String(decoding: bytes, as: UTF8.self) }

  /// The body Go's `json.Encoder.Encode` produces: the text plus `"\n"`.
  var encoderBody: String { String(decoding: encoderBodyData, as: UTF8.self) }

  /// `encoderBody` as bytes, without going through `String`.
  var encoderBodyData: Data {
    var output = bytes
    output.append(UInt8(ascii: "\n"))
    return Data(output)
  }

  func write(into output: inout [UInt8]) {
    switch self {
    case .object(let members):
      output.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        GoJSON.writeString(member.0, into: &output)
        output.append(UInt8(ascii: ":"))
        member.1.write(into: &output)
      }
      output.append(UInt8(ascii: "}"))
    case .array(let elements):
      output.append(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        element.write(into: &output)
      }
      output.append(UInt8(ascii: "]"))
    case .string(let text):
      GoJSON.writeString(text, into: &output)
    case .integer(let number):
      output.append(contentsOf: String(number).utf8)
    case .bool(let flag):
      output.append(contentsOf: (flag ? "true" : "false").utf8)
    case .null:
      output.append(contentsOf: "null".utf8)
    case .raw(let bytes):
      output.append(contentsOf: bytes)
    }
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// Writes `text` as a JSON string with Go's escaping rules: `"` and `\`
  /// escaped, `\n` `\r` `\t` by name, other control characters and `<` `>`
  /// `&` U+2028 U+2029 as `\uXXXX`.
  static func writeString(_ text: String, into output: inout [UInt8]) {
    var text = text
    text.withUTF8 { utf8 in writeString(utf8: utf8, into: &output) }
  }

  /// ``writeString(_:into:)`` for text already in UTF-8. Long runs of bytes
  /// that need no escape are copied in one go: every string of every
  /// answer passes through here.
  static func writeString(utf8: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    var index = 0
    var runStart = 0
    func flushRun(upTo end: Int) {
      if end > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<end])) }
    }
    while index < utf8.count {
      let byte = utf8[index]
      if isPlain(byte) {
        index += 1
        continue
      }
      var consumed = 1
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        flushRun(upTo: index)
        output.append(UInt8(ascii: "\\"))
        output.append(byte)
      case UInt8(ascii: "\n"):
        flushRun(upTo: index)
        output.append(UInt8(ascii: "\\"))
        output.append(UInt8(ascii: "n"))
      case UInt8(ascii: "\r"):
        flushRun(upTo: index)
        output.append(UInt8(ascii: "\\"))
        output.append(UInt8(ascii: "r"))
      case UInt8(ascii: "\t"):
        flushRun(upTo: index)
        output.append(UInt8(ascii: "\\"))
        output.append(UInt8(ascii: "t"))
      case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
        flushRun(upTo: index)
        output.append(contentsOf: unicodeEscape(UInt16(byte)))
      case 0xE2
      where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
        flushRun(upTo: index)
        output.append(contentsOf: unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029))
        consumed = 3
      default:
        index += 1
        continue
      }
      index += consumed
      runStart = index
    }
    flushRun(upTo: utf8.count)
    output.append(UInt8(ascii: "\""))
  }

  /// Whether `byte` is copied as it is, with no need to look further: not a
  /// control character, not `"` `\` `<` `>` `&`, and not the lead byte of
  /// U+2028 or U+2029.
  private static func isPlain(_ byte: UInt8) -> Bool {
    if byte >= 0x80 { return byte != 0xE2 }
    switch byte {
    case 0..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
      return false
    default:
      return true
    }
  }

  private static func unicodeEscape(_ value: UInt16) -> [UInt8] {
    var escape: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "u")]
    for shift in stride(from: 12, through: 0, by: -4) {
      escape.append(hexDigits[Int((value >> UInt16(shift)) & 0xf)])
    }
    return escape
  }
}
