import Foundation

/// Where the repository's scenario files are, found from this source file so
/// the tests work from any working directory.
enum ScenarioFiles {
  static let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
  }()

  static let directory = repositoryRoot + "/scenarios"
}
