/// The path of a request as Gitea's router sees it: repeated and trailing
/// slashes removed from the raw (still escaped) path, split into segments,
/// each segment then percent-decoded on its own, so `%2F` stays inside a
/// segment.
struct RequestPath: Sendable {
  /// The raw path as sent (absolute-form targets reduced to their path).
  let raw: String
  /// `raw` after slash normalisation, still escaped.
  let normalized: String
  /// Escaped segments of `normalized`.
  let rawSegments: [String]
  /// Decoded segments, or `nil` when an escape is malformed (Go's server
  /// answers such a request line with 400).
  let segments: [String]?

  init(target: String) {
    let (raw, normalized, rawSegments) = Self.asciiParts(of: target) ?? Self.characterParts(of: target)
    self.raw = raw
    self.normalized = normalized
    self.rawSegments = rawSegments
    var decoded: [String] = []
    decoded.reserveCapacity(rawSegments.count)
    var valid = true
    for segment in rawSegments {
      if let value = RequestPath.percentDecode(segment) {
        decoded.append(value)
      } else {
        valid = false
        break
      }
    }
    segments = valid ? decoded : nil
  }

  /// `raw`, `normalized` and `rawSegments` of an all-ASCII target, worked out
  /// on bytes (every request goes through this; a target from the socket is
  /// always ASCII). In ASCII every character is one byte, apart from CRLF,
  /// which is neither `/` nor `?`, so this gives what ``characterParts(of:)``
  /// gives. `nil` for any other target.
  private static func asciiParts(of target: String) -> (String, String, [String])? {
    var target = target
    return target.withUTF8 { bytes -> (String, String, [String])? in
      guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
      var path = bytes[..<(bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.count)]
      // An absolute-form target is reduced to its path, or to "/" without one.
      for scheme: StaticString in ["http://", "https://"] {
        let count = scheme.utf8CodeUnitCount
        guard path.count >= count, HTTPByte.equalsIgnoringASCIICase(path.prefix(count), scheme) else { continue }
        guard let slash = path.dropFirst(count).firstIndex(of: UInt8(ascii: "/")) else { return ("/", "/", []) }
        path = path[slash...]
      }
      // Trailing slashes dropped, runs of slashes made one.
      var normalized: [UInt8] = []
      normalized.reserveCapacity(path.count)
      var previousWasSlash = false
      for byte in path.reversed().drop(while: { $0 == UInt8(ascii: "/") }).reversed() {
        let isSlash = byte == UInt8(ascii: "/")
        if !isSlash || !previousWasSlash { normalized.append(byte) }
        previousWasSlash = isSlash
      }
      if normalized.isEmpty { normalized = [UInt8(ascii: "/")] }
      let segments = normalized.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
      return (String(decoding: path, as: UTF8.self), String(decoding: normalized, as: UTF8.self), segments)
    }
  }

  /// `raw`, `normalized` and `rawSegments` of any target, character by character.
  private static func characterParts(of target: String) -> (String, String, [String]) {
    var path = target
    if let mark = path.firstIndex(of: "?") { path = String(path[..<mark]) }
    for scheme in ["http://", "https://"] where path.lowercased().hasPrefix(scheme) {
      let afterScheme = path.dropFirst(scheme.count)
      path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
    }
    var collapsed = ""
    var previousWasSlash = false
    for character in path.reversed().drop(while: { $0 == "/" }).reversed() {
      if character != "/" || !previousWasSlash {
        collapsed.append(character)
      }
      previousWasSlash = character == "/"
    }
    let normalized = collapsed.isEmpty ? "/" : collapsed
    return (path, normalized, normalized.split(separator: "/", omittingEmptySubsequences: true).map(String.init))
  }

  /// The whole normalised path, decoded (for the journal).
  var decoded: String {
    guard let segments else { return normalized }
    return "/" + segments.joined(separator: "/")
  }

  /// The raw path ended in `/` or had an empty segment that normalisation removed.
  var hadSlashesRemoved: Bool { raw != normalized }

  /// `url.PathUnescape`: `%XX` sequences decoded, `+` kept; `nil` on a
  /// malformed escape or bytes that are not UTF-8.
  /// With `plusAsSpace`, `+` becomes a space first (`url.QueryUnescape`).
  static func percentDecode<Text: StringProtocol>(_ text: Text, plusAsSpace: Bool = false) -> String? {
    let utf8 = text.utf8
    guard utf8.contains(UInt8(ascii: "%")) || (plusAsSpace && utf8.contains(UInt8(ascii: "+"))) else {
      return String(text)
    }
    return decodingEscapes(utf8, plusAsSpace: plusAsSpace)
  }

  /// ``percentDecode(_:plusAsSpace:)`` of text given as its UTF-8 bytes.
  static func percentDecode(utf8: some Collection<UInt8>, plusAsSpace: Bool = false) -> String? {
    guard utf8.contains(UInt8(ascii: "%")) || (plusAsSpace && utf8.contains(UInt8(ascii: "+"))) else {
      return String(decoding: utf8, as: UTF8.self)
    }
    return decodingEscapes(utf8, plusAsSpace: plusAsSpace)
  }

  private static func decodingEscapes(_ utf8: some Collection<UInt8>, plusAsSpace: Bool) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count)
    var iterator = Array(utf8)[...]
    while let byte = iterator.popFirst() {
      if byte == UInt8(ascii: "+") && plusAsSpace {
        bytes.append(UInt8(ascii: " "))
      } else if byte == UInt8(ascii: "%") {
        guard let high = iterator.popFirst().flatMap(hexValue), let low = iterator.popFirst().flatMap(hexValue)
        else { return nil }
        bytes.append(high << 4 | low)
      } else {
        bytes.append(byte)
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
