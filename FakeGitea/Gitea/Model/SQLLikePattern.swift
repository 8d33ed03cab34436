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
    WildcardMatching.matches(pattern: pattern, text: text, anyRun: "%", single: "_")
  }
}
