import Foundation

/// The canonical record of a suite run. JUnit, Markdown and the console
/// summary are all rendered from it; `--last-failed` reads it back.
public struct SuiteReport: Sendable, Codable, Equatable {
  public static let schemaName = "gc-conformance/report-v1"

  public var schema = SuiteReport.schemaName
  public var startedAt: Date
  public var durationSeconds: Double
  public var transport: String
  public var results: [ScenarioResult]
  /// Diagnostics for scenario files that could not be loaded.
  public var invalid: [String]

  public init(startedAt: Date, durationSeconds: Double, transport: String, results: [ScenarioResult], invalid: [String]) {
    self.startedAt = startedAt
    self.durationSeconds = durationSeconds
    self.transport = transport
    self.results = results
    self.invalid = invalid
  }

  public func count(_ status: ScenarioResult.Status) -> Int { results.count { $0.status == status } }

  /// The process exit status: 65 for an invalid scenario file, 2 for a
  /// harness error, 1 for a failed expectation, 0 when all passed.
  public var exitCode: Int32 {
    if !invalid.isEmpty { return 65 }
    if count(.error) > 0 { return 2 }
    if count(.failed) > 0 { return 1 }
    return 0
  }

  /// The closing line CI log readers recognise.
  public var summaryLine: String {
    var line = "\(count(.passed)) passed, \(count(.failed) + count(.error) + invalid.count) failed"
    if count(.skipped) > 0 { line += ", \(count(.skipped)) skipped" }
    return line
  }

  /// The key `--last-failed` matches scenarios by.
  static func key(file: String, profile: String) -> String { "\(file) [\(profile)]" }

  /// The keys of results that did not pass.
  public var failedKeys: Set<String> {
    Set(results.filter { $0.status == .failed || $0.status == .error }.map { Self.key(file: $0.file, profile: $0.profile) })
  }

  public func encoded() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return (try? encoder.encode(self)) ?? Data("{}".utf8)
  }

  public static func decode(_ data: Data) throws -> SuiteReport {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(SuiteReport.self, from: data)
  }
}
