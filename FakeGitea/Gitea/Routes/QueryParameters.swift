/// A request's query as Go's `url.ParseQuery` reads it, parsed once per
/// request: `+` is a space, pairs containing `;` or a malformed escape are
/// dropped, and `FormValue` is the first value of a name.
struct QueryParameters: Sendable {
  let items: [(name: String, value: String)]

  init(rawQuery: String) {
    items = Self.asciiItems(of: rawQuery) ?? Self.characterItems(of: rawQuery)
  }

  /// The items of an all-ASCII query (a query from the socket always is),
  /// split on bytes; `nil` for any other query. In ASCII every character is
  /// one byte apart from CRLF, which is none of `&`, `=` and `;`, so this
  /// gives what ``characterItems(of:)`` gives.
  private static func asciiItems(of rawQuery: String) -> [(name: String, value: String)]? {
    var rawQuery = rawQuery
    return rawQuery.withUTF8 { bytes -> [(name: String, value: String)]? in
      guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
      var items: [(name: String, value: String)] = []
      for pair in bytes.split(separator: UInt8(ascii: "&")) where !pair.contains(UInt8(ascii: ";")) {
        let name: String?
        let value: String?
        if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
          name = RequestPath.percentDecode(utf8: pair[..<equals], plusAsSpace: true)
          value = RequestPath.percentDecode(utf8: pair[(equals + 1)...], plusAsSpace: true)
        } else {
          name = RequestPath.percentDecode(utf8: pair, plusAsSpace: true)
          value = ""
        }
        guard let name, let value else { continue }
        items.append((name, value))
      }
      return items
    }
  }

  private static func characterItems(of rawQuery: String) -> [(name: String, value: String)] {
    var items: [(name: String, value: String)] = []
    for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
      if pair.contains(";") { continue }
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard let name = RequestPath.percentDecode(parts[0], plusAsSpace: true),
        let value = parts.count > 1 ? RequestPath.percentDecode(parts[1], plusAsSpace: true) : ""
      else { continue }
      items.append((name, value))
    }
    return items
  }

  /// `FormValue(name)`: the first value, or `nil` when absent.
  func first(_ name: String) -> String? {
    items.first { $0.name == name }?.value
  }

  /// `FormTrim(name)`: the first value without surrounding white space, or "".
  func trimmed(_ name: String) -> String {
    let whole = first(name) ?? ""
    // Usually there is nothing to trim; only then are characters walked.
    if !(whole.first?.isWhitespace ?? false), !(whole.last?.isWhitespace ?? false) { return whole }
    let value = Substring(whole)
    let start = value.drop(while: \.isWhitespace)
    return String(start.reversed().drop(while: \.isWhitespace).reversed())
  }
}
