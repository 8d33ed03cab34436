import Foundation

/// The outcome of one scenario under one profile.
public struct ScenarioResult: Sendable, Codable, Equatable {
  public enum Status: String, Sendable, Codable, Equatable {
    /// Every expectation held.
    case passed
    /// An expectation did not hold.
    case failed
    /// The scenario could not be run (a program would not start, the fake
    /// would not bind): a harness problem, not a verdict on the GC.
    case error
    /// Not run, and said so (for example a profile the scenario excludes).
    case skipped
  }

  public var file: String
  public var name: String
  public var profile: String
  public var status: Status
  /// Each expectation that did not hold, or the error, first difference first.
  public var failures: [String]
  /// Things the run could not check and said so (never counted as passed checks).
  public var notes: [String]
  public var durationSeconds: Double
  /// What the GC and commands printed, for the report's system-out.
  public var output: String

  public init(
    file: String, name: String, profile: String, status: Status, failures: [String] = [], notes: [String] = [],
    durationSeconds: Double = 0, output: String = ""
  ) {
    self.file = file
    self.name = name
    self.profile = profile
    self.status = status
    self.failures = failures
    self.notes = notes
    self.durationSeconds = durationSeconds
    self.output = output
  }
}
