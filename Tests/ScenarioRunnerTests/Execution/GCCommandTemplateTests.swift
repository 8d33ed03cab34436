import Foundation
import ScenarioRunner
import Testing

@Suite struct GCCommandTemplateTests {
  @Test func splitsLikeAShellAndKeepsQuotedSpaces() throws {
    let template = try GCCommandTemplate(parsing: #"python3 'my gc.py' --owner {owner} "--ua={userAgent}" {dryRun:--dry-run}"#)
    #expect(template.words == ["python3", "my gc.py", "--owner", "{owner}", "--ua={userAgent}", "{dryRun:--dry-run}"])
  }

  @Test func refusesEmptyAndUnclosed() {
    #expect(throws: GCCommandTemplate.ParseError.self) { try GCCommandTemplate(parsing: "  ") }
    #expect(throws: GCCommandTemplate.ParseError.self) { try GCCommandTemplate(parsing: "gc 'open") }
  }
}
