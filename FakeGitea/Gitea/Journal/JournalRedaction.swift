/// Keeps secrets out of the journal.
enum JournalRedaction {
  /// `token abc` → `token ***`; a value without a scheme → `***`.
  static func redactedAuthorization(_ value: String) -> String {
    let trimmed = value.drop(while: \.isWhitespace)
    guard let space = trimmed.firstIndex(where: \.isWhitespace) else { return "***" }
    return String(trimmed[..<space]) + " ***"
  }

  /// Replaces the values of `token` and `access_token` in the query.
  static func redactedTarget(_ target: String) -> String {
    guard let mark = target.firstIndex(of: "?") else { return target }
    let path = target[..<mark]
    let query = target[target.index(after: mark)...]
    let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
      let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
      let decodedName = RequestPath.percentDecode(name, plusAsSpace: true) ?? String(name)
      if decodedName == "token" || decodedName == "access_token", pair.contains("=") {
        return name + "=***"
      }
      return String(pair)
    }
    return path + "?" + pairs.joined(separator: "&")
  }
}
