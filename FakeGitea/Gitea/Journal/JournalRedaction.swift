/// Keeps secrets out of the journal.
enum JournalRedaction {
  /// `token abc` → `token ***`; a value without a scheme → `***`.
  static func redactedAuthorization(_ value: String) -> String {
    if value.utf8.allSatisfy({ $0 < 0x80 }) {
      // ASCII, the usual case, on bytes: there the white-space characters are
      // the bytes 9 to 13 and 32, and CRLF.
      let isWhitespace: (UInt8) -> Bool = { $0 == 32 || (9...13).contains($0) }
      let trimmed = value.utf8.drop(while: isWhitespace)
      guard let space = trimmed.firstIndex(where: isWhitespace) else { return "***" }
      return String(Substring(trimmed[..<space])) + " ***"
    }
    let trimmed = value.drop(while: \.isWhitespace)
    guard let space = trimmed.firstIndex(where: \.isWhitespace) else { return "***" }
    return String(trimmed[..<space]) + " ***"
  }

  /// Replaces the values of `token` and `access_token` in the query.
  static func redactedTarget(_ target: String) -> String {
    // Without a `%` or the letters `token` in an ASCII query, no name can
    // decode to `token` or `access_token`: nothing to do (the usual case).
    if !mayNameAToken(target) { return target }
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

  private static let tokenBytes: [UInt8] = Array("token".utf8)

  /// False when `target` is ASCII and holds neither `%` nor `token`.
  private static func mayNameAToken(_ target: String) -> Bool {
    var target = target
    return target.withUTF8 { bytes in
      guard !bytes.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "%") }) else { return true }
      let token = tokenBytes
      var index = 0
      while index + token.count <= bytes.count {
        if bytes[index] == token[0], bytes[index..<(index + token.count)].elementsEqual(token) { return true }
        index += 1
      }
      return false
    }
  }
}
