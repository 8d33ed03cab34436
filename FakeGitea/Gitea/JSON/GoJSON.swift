/// A JSON value written the way Go's `encoding/json` writes it: object keys in
/// the order given (struct field order), HTML-sensitive characters escaped as
/// `\u003c`-style sequences, no spaces. `raw` embeds text that is already JSON.
indirect enum GoJSON {
  case object([(String, GoJSON)])
  case array([GoJSON])
  case string(String)
  case integer(Int64)
  case bool(Bool)
  case null
  case raw(String)

  /// The encoded text, without a trailing newline.
  var encoded: String {
    var output = ""
    write(into: &output)
    return output
  }

  /// The body Go's `json.Encoder.Encode` produces: the text plus `"\n"`.
  var encoderBody: String { encoded + "\n" }

  func write(into output: inout String) {
    switch self {
    case .object(let members):
      output.append("{")
      for (index, member) in members.enumerated() {
        if index > 0 { output.append(",") }
        GoJSON.writeString(member.0, into: &output)
        output.append(":")
        member.1.write(into: &output)
      }
      output.append("}")
    case .array(let elements):
      output.append("[")
      for (index, element) in elements.enumerated() {
        if index > 0 { output.append(",") }
        element.write(into: &output)
      }
      output.append("]")
    case .string(let text):
      GoJSON.writeString(text, into: &output)
    case .integer(let number):
      output.append(String(number))
    case .bool(let flag):
      output.append(flag ? "true" : "false")
    case .null:
      output.append("null")
    case .raw(let text):
      output.append(text)
    }
  }

  /// Writes `text` as a JSON string with Go's escaping rules.
  static func writeString(_ text: String, into output: inout String) {
    output.append("\"")
    let hexDigits = Array("0123456789abcdef")
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output.append("\\\"")
      case "\\": output.append("\\\\")
      case "\n": output.append("\\n")
      case "\r": output.append("\\r")
      case "\t": output.append("\\t")
      case "<", ">", "&", "\u{2028}", "\u{2029}":
        let value = scalar.value
        output.append("\\u")
        for shift in stride(from: 12, through: 0, by: -4) {
          output.append(hexDigits[Int((value >> UInt32(shift)) & 0xf)])
        }
      default:
        if scalar.value < 0x20 {
          output.append("\\u00")
          output.append(hexDigits[Int(scalar.value >> 4)])
          output.append(hexDigits[Int(scalar.value & 0xf)])
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output.append("\"")
  }
}
