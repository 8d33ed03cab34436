/// A SQL `LIKE` pattern as Gitea's `q` parameter builds it through xorm's
/// `builder.Like`: the value is wrapped as `%q%` unless it already starts or
/// ends with `%`, and neither `%` nor `_` is escaped, so both act as wildcards.
struct SQLLikePattern: Sendable {
  private let pattern: [Character]

  /// The pattern for a search value that is already trimmed and lower-cased.
  init(searchValue: String) {
    if searchValue.hasPrefix("%") || searchValue.hasSuffix("%") {
      pattern = Array(searchValue)
    } else {
      pattern = Array("%" + searchValue + "%")
    }
  }

  /// Whether `text` matches: `%` is any run of characters, `_` exactly one.
  func matches(_ text: String) -> Bool {
    let characters = Array(text)
    var textIndex = 0
    var patternIndex = 0
    var lastPercent: Int? = nil
    var textAfterPercent = 0
    while textIndex < characters.count {
      if patternIndex < pattern.count,
        pattern[patternIndex] == "_" || (pattern[patternIndex] != "%" && pattern[patternIndex] == characters[textIndex])
      {
        textIndex += 1
        patternIndex += 1
      } else if patternIndex < pattern.count, pattern[patternIndex] == "%" {
        lastPercent = patternIndex
        textAfterPercent = textIndex
        patternIndex += 1
      } else if let percent = lastPercent {
        patternIndex = percent + 1
        textAfterPercent += 1
        textIndex = textAfterPercent
      } else {
        return false
      }
    }
    while patternIndex < pattern.count, pattern[patternIndex] == "%" {
      patternIndex += 1
    }
    return patternIndex == pattern.count
  }
}
