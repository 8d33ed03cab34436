import ScenarioRunner
import Testing

@Suite("Spelling suggestions")
struct SpellingSuggestionTests {
  let keys = ["name", "status", "versions", "created", "id"]

  @Test func closeTyposAreMatched() {
    #expect(SpellingSuggestion.bestMatch(for: "statsu", among: keys) == "status")  // swapped letters
    #expect(SpellingSuggestion.bestMatch(for: "nmae", among: keys) == "name")
    #expect(SpellingSuggestion.bestMatch(for: "versons", among: keys) == "versions")  // missing letter
    #expect(SpellingSuggestion.bestMatch(for: "craeted_", among: keys) == "created")  // two edits on a long word
    #expect(SpellingSuggestion.bestMatch(for: "Status", among: keys) == "status")  // case only
  }

  @Test func distantWordsAreNotMatched() {
    #expect(SpellingSuggestion.bestMatch(for: "tags", among: keys) == nil)
    #expect(SpellingSuggestion.bestMatch(for: "ix", among: ["id", "at"]) == "id")
    #expect(SpellingSuggestion.bestMatch(for: "xy", among: ["id"]) == nil)  // two edits on a short word is too far
    #expect(SpellingSuggestion.bestMatch(for: "name", among: ["name"]) == nil)  // identical is not a suggestion
    #expect(SpellingSuggestion.bestMatch(for: "", among: keys) == nil)
  }

  @Test func theNearestCandidateWinsAndTiesGoToTheFirst() {
    #expect(SpellingSuggestion.bestMatch(for: "colour", among: ["colors", "color"]) == "color")
    #expect(SpellingSuggestion.bestMatch(for: "bat", among: ["cat", "hat"]) == "cat")
  }
}
