import FakeGitea
import Foundation
import ScenarioRunner
import Testing

/// The repository's scenario suite, run by `swift test` too: each file is
/// one test case, in-process against a fresh fake.
@Suite struct ScenarioLibraryTests {
  struct ScenarioFile: CustomTestStringConvertible, Sendable {
    var path: String
    var testDescription: String { String(path.dropFirst(ScenarioFiles.repositoryRoot.count + 1)) }
  }

  static func files() -> [ScenarioFile] {
    SuiteRunner.discover([ScenarioFiles.directory]).files.map(ScenarioFile.init)
  }

  @Test(arguments: files())
  func scenarioPasses(_ file: ScenarioFile) async throws {
    let scenario = try ScenarioLoader.load(path: file.path, displayPath: file.testDescription)
    let profile = try #require(GiteaProfile.named(SuiteRunner.defaultProfileName(for: scenario)))
    let result = await ScenarioExecutor().run(scenario, profile: profile)
    #expect(result.status == .passed, "\(result.failures.joined(separator: "\n"))\n\(result.output)")
  }
}
