/// Text that came from a server, made safe to print: control characters
/// (C0, DEL and C1, tab and line breaks included), which could clear a
/// terminal, move its cursor or retitle its window, are escaped as
/// `\u{1B}`, and long text is cut with `…`.
enum PrintableText {
  static func escaped(_ text: String, limit: Int = 200) -> String {
    // Tags and most messages need nothing: hand them back as they are.
    let scalars = text.unicodeScalars
    if scalars.count <= limit, !scalars.contains(where: isControl) { return text }
    var result = ""
    var count = 0
    for scalar in text.unicodeScalars {
      guard count < limit else { return result + "…" }
      if isControl(scalar) {
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
      count += 1
    }
    return result
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.generalCategory == .control
  }

  /// ``escaped(_:limit:)`` in double quotes.
  static func quoted(_ text: String, limit: Int = 200) -> String {
    "\"" + escaped(text, limit: limit) + "\""
  }
}
