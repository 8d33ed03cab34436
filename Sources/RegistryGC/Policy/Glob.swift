/// A shell-style pattern for tag names: `*` matches any run of characters,
/// `?` one character, everything else itself. Matching ignores case, since
/// Gitea stores container tags lower-cased.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
  public let pattern: String
  private let scalars: [Unicode.Scalar]

  public init(_ pattern: String) {
    self.pattern = pattern
    self.scalars = Array(pattern.lowercased().unicodeScalars)
  }

  public var description: String { pattern }

  public func matches(_ text: String) -> Bool {
    let subject = Array(text.lowercased().unicodeScalars)
    // Iterative matcher with one backtrack point for the last `*`: linear in
    // practice, never exponential.
    var p = 0
    var s = 0
    var starAt = -1
    var resumeAt = 0
    while s < subject.count {
      if p < scalars.count, scalars[p] == "?" || scalars[p] == subject[s] && scalars[p] != "*" {
        p += 1
        s += 1
      } else if p < scalars.count, scalars[p] == "*" {
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
    while p < scalars.count, scalars[p] == "*" { p += 1 }
    return p == scalars.count
  }
}
