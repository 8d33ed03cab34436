/// A glob over URL paths: segments are matched one by one with `*` and `?`
/// staying inside a segment, and a `**` segment matching any number of
/// segments (including none). Matched against the normalised raw path, so
/// an encoded `/` (`%2F`) is part of a segment, as in Gitea's router.
struct PathGlob: Sendable, Hashable {
  let pattern: String
  private let segments: [String]

  init(_ pattern: String) {
    self.pattern = pattern
    segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }

  func matches(segments pathSegments: [String]) -> Bool {
    Self.match(segments[...], pathSegments[...])
  }

  private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
    guard let head = pattern.first else { return path.isEmpty }
    if head == "**" {
      let rest = pattern.dropFirst()
      var remaining = path
      while true {
        if match(rest, remaining) { return true }
        if remaining.isEmpty { return false }
        remaining = remaining.dropFirst()
      }
    }
    guard let segment = path.first, WildcardPattern(pattern: head).matches(segment) else { return false }
    return match(pattern.dropFirst(), path.dropFirst())
  }
}
