import FakeGitea
import Foundation
import Testing

/// Replays the fuzzer's seed corpus (`Fuzz/Corpus/parser/`) through the
/// parser, so inputs that once broke it keep being checked without libFuzzer.
///
/// File names carry expectations: `bad-*` must be refused with an error
/// status; `get-*`, `post-*`, `delete-*`, `pipelined-*`, `http10-*` and
/// `expect-*` must yield at least one request. Any other name (minimised
/// crashers, noise) only has to parse the same however it is fed.
@Suite struct ParserCorpusReplayTests {
  struct CorpusFile: Sendable, CustomTestStringConvertible {
    let url: URL
    var name: String { url.lastPathComponent }
    var testDescription: String { name }
  }

  static let corpusDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Server
    .deletingLastPathComponent()  // FakeGiteaTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root
    .appendingPathComponent("Fuzz/Corpus/parser")

  static func corpusFiles() throws -> [CorpusFile] {
    try FileManager.default.contentsOfDirectory(at: corpusDirectory, includingPropertiesForKeys: nil)
      .filter { !$0.lastPathComponent.hasPrefix(".") }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
      .map(CorpusFile.init)
  }

  @Test func theCorpusIsThere() throws {
    #expect(try Self.corpusFiles().count >= 20)
  }

  @Test(arguments: try corpusFiles())
  func replaysWithoutTrapping(file: CorpusFile) throws {
    let bytes = Array(try Data(contentsOf: file.url))
    // The same limits as the fuzz target, so its findings replay faithfully.
    let whole = ParserRun(bytes, maxHeadBytes: 1024, maxBodyBytes: 2048)
    for pieceSize in [1, 3] {
      #expect(ParserRun(bytes, pieceSize: pieceSize, maxHeadBytes: 1024, maxBodyBytes: 2048) == whole)
    }
    #expect(whole.consumed.allSatisfy { $0 > 0 })
    #expect(whole.consumed.reduce(0, +) <= bytes.count)
    if let status = whole.failureStatus {
      #expect([400, 413, 431, 501, 505].contains(status))
    }

    if file.name.hasPrefix("bad-") {
      #expect(whole.failureStatus != nil, "\(file.name) should be refused")
    }
    let validPrefixes = ["get-", "post-", "delete-", "pipelined-", "http10-", "expect-"]
    if validPrefixes.contains(where: file.name.hasPrefix) {
      #expect(!whole.requests.isEmpty, "\(file.name) should yield a request")
      #expect(whole.failureStatus == nil)
    }
  }
}
