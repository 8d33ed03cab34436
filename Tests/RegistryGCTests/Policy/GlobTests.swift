import Testing

@testable import RegistryGC

@Suite("Glob: tag patterns")
struct GlobTests {
  @Test(
    "matches",
    arguments: [
      ("latest", "latest", true),
      ("latest", "LATEST", true),
      ("Latest", "latest", true),
      ("latest", "latest-1", false),
      ("latest", "not-latest", false),
      ("corpus-*", "corpus-", true),
      ("corpus-*", "corpus-2024-01", true),
      ("corpus-*", "Corpus-X", true),
      ("corpus-*", "corpus", false),
      ("corpus-*", "my-corpus-1", false),
      ("*", "", true),
      ("*", "anything", true),
      ("", "", true),
      ("", "a", false),
      ("v?", "v1", true),
      ("v?", "v", false),
      ("v?", "v10", false),
      ("v?.?", "v1.2", true),
      ("*-rc*", "1.0-rc1", true),
      ("*-rc*", "1.0-rc", true),
      ("*-rc*", "1.0-beta", false),
      ("a*b*c", "abc", true),
      ("a*b*c", "aXXbYYc", true),
      ("a*b*c", "aXXbYY", false),
      ("a*b*c", "acb", false),
      ("*a", "aaaa", true),
      ("*a", "aaab", false),
      ("**", "x", true),
      ("?*", "", false),
      ("é*", "éte", true),
      ("é*", "ete", false),
      ("[ab]", "[ab]", true),
      ("[ab]", "a", false),
      ("a.b", "axb", false),
    ])
  func matches(pattern: String, text: String, expected: Bool) {
    #expect(Glob(pattern).matches(text) == expected)
  }

  @Test func longStarPatternsStayFast() {
    // Backtracking with one resume point: a pathological input for naive matchers.
    let pattern = Glob(String(repeating: "a*", count: 30) + "b")
    #expect(!pattern.matches(String(repeating: "a", count: 3_000)))
    #expect(pattern.matches(String(repeating: "a", count: 3_000) + "b"))
  }

  @Test func describesItselfAsThePattern() {
    #expect(Glob("corpus-*").description == "corpus-*")
    #expect(Glob("Corpus-*").pattern == "Corpus-*")
  }
}
