/// The one wildcard matcher behind ``WildcardPattern`` (`*`, `?`) and
/// ``SQLLikePattern`` (`%`, `_`): `anyRun` matches any run of characters,
/// including none, `single` exactly one, everything else itself, over the
/// whole text. One backtrack point for the last `anyRun`, so it is linear in
/// practice and never exponential.
enum WildcardMatching {
  static func matches(
    pattern: [Character], text: String, anyRun: Character, single: Character
  ) -> Bool {
    let characters = Array(text)
    var textIndex = 0
    var patternIndex = 0
    var lastRun: Int? = nil
    var textAfterRun = 0
    while textIndex < characters.count {
      if patternIndex < pattern.count,
        pattern[patternIndex] == single
          || (pattern[patternIndex] != anyRun && pattern[patternIndex] == characters[textIndex])
      {
        textIndex += 1
        patternIndex += 1
      } else if patternIndex < pattern.count, pattern[patternIndex] == anyRun {
        lastRun = patternIndex
        textAfterRun = textIndex
        patternIndex += 1
      } else if let run = lastRun {
        patternIndex = run + 1
        textAfterRun += 1
        textIndex = textAfterRun
      } else {
        return false
      }
    }
    while patternIndex < pattern.count, pattern[patternIndex] == anyRun {
      patternIndex += 1
    }
    return patternIndex == pattern.count
  }
}
