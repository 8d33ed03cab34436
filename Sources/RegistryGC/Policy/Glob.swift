/// A shell-style pattern for tag names: `*` matches any run of characters,
/// `?` one character, everything else itself. Matching ignores ASCII case,
/// since Gitea stores container tags lower-cased (OCI tags are ASCII).
public struct Glob: Sendable, Hashable, CustomStringConvertible {
  public let pattern: String
  private let bytes: [UInt8]
  private let hasWildcards: Bool

  public init(_ pattern: String) {
    self.pattern = pattern
    self.bytes = pattern.utf8.map(Glob.fold)
    self.hasWildcards = bytes.contains(UInt8(ascii: "*")) || bytes.contains(UInt8(ascii: "?"))
  }

  public var description: String { pattern }

  public static func == (a: Glob, b: Glob) -> Bool { a.pattern == b.pattern }
  public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

  public func matches(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { subject in
      if !hasWildcards {
        guard subject.count == bytes.count else { return false }
        for index in 0..<subject.count where Glob.fold(subject[index]) != bytes[index] { return false }
        return true
      }
      return matchWildcards(subject)
    }
  }

  /// Iterative matcher with one backtrack point for the last `*`: linear in
  /// practice, never exponential.
  private func matchWildcards(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
    let star = UInt8(ascii: "*")
    let question = UInt8(ascii: "?")
    var p = 0
    var s = 0
    var starAt = -1
    var resumeAt = 0
    while s < subject.count {
      if p < bytes.count, bytes[p] != star, bytes[p] == question || bytes[p] == Glob.fold(subject[s]) {
        p += 1
        s += 1
      } else if p < bytes.count, bytes[p] == star {
        starAt = p
        resumeAt = s
        p += 1
      } else if starAt >= 0 {
        p = starAt + 1
        resumeAt += 1
        s = resumeAt
      } else {
        return false
      }
    }
    while p < bytes.count, bytes[p] == star { p += 1 }
    return p == bytes.count
  }

  private static func fold(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
  }
}
