/// Shell-style wildcards on a whole string: `*` matches any run of
/// characters (including none), `?` exactly one. Matching is case-sensitive.
struct WildcardPattern: Sendable, Hashable {
  let pattern: String

  func matches(_ text: String) -> Bool {
    let pattern = Array(self.pattern)
    let characters = Array(text)
    var textIndex = 0
    var patternIndex = 0
    var lastStar: Int? = nil
    var textAfterStar = 0
    while textIndex < characters.count {
      if patternIndex < pattern.count,
        pattern[patternIndex] == "?" || (pattern[patternIndex] != "*" && pattern[patternIndex] == characters[textIndex])
      {
        textIndex += 1
        patternIndex += 1
      } else if patternIndex < pattern.count, pattern[patternIndex] == "*" {
        lastStar = patternIndex
        textAfterStar = textIndex
        patternIndex += 1
      } else if let star = lastStar {
        patternIndex = star + 1
        textAfterStar += 1
        textIndex = textAfterStar
      } else {
        return false
      }
    }
    while patternIndex < pattern.count, pattern[patternIndex] == "*" {
      patternIndex += 1
    }
    return patternIndex == pattern.count
  }
}
