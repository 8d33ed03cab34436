import FakeGitea
import Foundation
import ScenarioRunner
import Testing

/// The scenario library's house rules: scenarios live in a folder per kind
/// of fault, say what they stand for, and name profiles that exist and agree
/// with the profile they run under by default.
@Suite struct ScenarioLibraryShapeTests {
  static let kinds: Set<String> = [
    "policy", "listing", "names", "auth-and-proxy", "faults", "multi-arch", "time", "production-bugs",
  ]

  static func scenarios() throws -> [Scenario] {
    try SuiteRunner.discover([ScenarioFiles.directory]).files.map { path in
      try ScenarioLoader.load(path: path, displayPath: String(path.dropFirst(ScenarioFiles.directory.count + 1)))
    }
  }

  @Test func everyScenarioSitsInAKindFolderAndHasADescription() throws {
    let library = try Self.scenarios()
    #expect(library.count >= 40)
    for scenario in library {
      let folder = scenario.file.split(separator: "/").first.map(String.init) ?? ""
      #expect(Self.kinds.contains(folder), "\(scenario.file) is not in one of \(Self.kinds.sorted())")
      #expect(!scenario.description.isEmpty, "\(scenario.file) has no description")
    }
    let perKind = Dictionary(grouping: library) { $0.file.split(separator: "/").first.map(String.init) ?? "" }
    for kind in Self.kinds {
      #expect((perKind[kind]?.count ?? 0) >= 3, "the \(kind) folder has fewer than 3 scenarios")
    }
  }

  @Test func profilesExistAndIncludeTheDefaultRun() throws {
    for scenario in try Self.scenarios() {
      for name in scenario.profiles + [scenario.server.profile].compactMap({ $0 }) {
        #expect(GiteaProfile.named(name) != nil, "\(scenario.file): unknown profile \(name)")
      }
      guard !scenario.profiles.isEmpty else { continue }
      // `gc-conformance run` and ScenarioLibraryTests run server.profile (or the
      // default), so it must be one the scenario holds for.
      let defaultRun = scenario.server.profile ?? GiteaProfile.default.name
      #expect(scenario.profiles.contains(defaultRun), "\(scenario.file) runs under \(defaultRun) by default but does not hold for it")
    }
  }

  @Test func scenarioNamesAreUnique() throws {
    let names = try Self.scenarios().map(\.name)
    #expect(Set(names).count == names.count)
  }
}
