/// A request's query as Go's `url.ParseQuery` reads it, parsed once per
/// request: `+` is a space, pairs containing `;` or a malformed escape are
/// dropped, and `FormValue` is the first value of a name.
struct QueryParameters: Sendable {
  let items: [(name: String, value: String)]

  init(rawQuery: String) {
    var items: [(name: String, value: String)] = []
    for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
      if pair.contains(";") { continue }
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard let name = RequestPath.percentDecode(parts[0], plusAsSpace: true),
        let value = parts.count > 1 ? RequestPath.percentDecode(parts[1], plusAsSpace: true) : ""
      else { continue }
      items.append((name, value))
    }
    self.items = items
  }

  /// `FormValue(name)`: the first value, or `nil` when absent.
  func first(_ name: String) -> String? {
    items.first { $0.name == name }?.value
  }

  /// `FormTrim(name)`: the first value without surrounding white space, or "".
  func trimmed(_ name: String) -> String {
    let value = Substring(first(name) ?? "")
    let start = value.drop(while: \.isWhitespace)
    return String(start.reversed().drop(while: \.isWhitespace).reversed())
  }
}
