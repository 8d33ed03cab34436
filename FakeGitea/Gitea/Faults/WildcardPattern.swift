/// Shell-style wildcards on a whole string: `*` matches any run of
/// characters (including none), `?` exactly one. Matching is case-sensitive.
struct WildcardPattern: Sendable, Hashable {
  let pattern: String

  func matches(_ text: String) -> Bool {
    WildcardMatching.matches(pattern: Array(pattern), text: text, anyRun: "*", single: "?")
  }
}
