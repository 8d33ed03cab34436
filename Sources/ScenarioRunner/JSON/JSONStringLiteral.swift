/// Writes strings as JSON string literals, for messages and paths.
enum JSONStringLiteral {
  /// `text` in double quotes with JSON escapes for quotes, backslashes and control characters.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        result += "\\u" + hex4(scalar.value)
      default:
        result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  /// Like `quoted`, but cut to about `limit` characters with an ellipsis, for showing
  /// a user's value inside a longer message.
  static func preview(_ text: String, limit: Int = 40) -> String {
    let scalars = text.unicodeScalars
    guard scalars.count > limit else { return quoted(text) }
    var shortened = String.UnicodeScalarView()
    shortened.append(contentsOf: scalars.prefix(limit))
    return quoted(String(shortened)) + "…"
  }

  /// Four upper-case hexadecimal digits.
  static func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}
