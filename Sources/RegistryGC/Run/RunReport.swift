import Foundation

/// The machine-readable record of a run: `registry-gc --json` prints it.
/// Its shape is documented in docs/registry-gc.md and only grows.
public struct RunReport: Codable, Sendable, Equatable {
  public static let schemaName = "registry-gc/run-v1"

  public var schema = RunReport.schemaName
  public var dryRun: Bool
  public var now: String
  public var policy: PolicyReport
  public var packages: [PackageReport]
  public var exitCode: Int32

  public struct PolicyReport: Codable, Sendable, Equatable {
    public var keepLatest: Int
    public var keepDays: Int
    public var keepPatterns: [String]
    public var digestGraceSeconds: Int64
  }

  public struct PackageReport: Codable, Sendable, Equatable {
    public var owner: String
    public var package: String
    /// `planned` (dry run), `applied`, or `aborted` (nothing deleted).
    public var status: String
    public var error: ErrorReport?
    /// `not-needed`, `known` or `unknown`.
    public var references: String
    public var versions: [VersionReport]
    public var summary: Summary
    public var warnings: [String]
  }

  public struct ErrorReport: Codable, Sendable, Equatable {
    public var kind: String
    public var message: String
  }

  public struct VersionReport: Codable, Sendable, Equatable {
    public var version: String
    public var id: Int64
    /// `tag` or `digest`.
    public var kind: String
    public var createdAt: String
    /// `keep` or `delete`.
    public var decision: String
    /// The rule's stable name: latest, keep-pattern, keep-latest, keep-days,
    /// referenced, references-unknown, digest-grace, implausible-timestamp,
    /// not-an-image-name, expired, unreferenced-digest.
    public var rule: String
    public var reason: String
    public var references: [String]
    /// After a real run, for deletions: deleted, already-gone or failed.
    public var result: String?
    public var message: String?
  }

  public struct Summary: Codable, Sendable, Equatable {
    public var versions: Int
    public var keep: Int
    public var delete: Int
    public var deleted: Int
    public var alreadyGone: Int
    public var failed: Int
  }

  /// Pretty, key-sorted JSON: the same run always prints the same bytes.
  public func encoded() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding these plain value types cannot fail.
    return (try? encoder.encode(self)) ?? Data("{}".utf8)
  }
}

extension RunReport.PolicyReport {
  init(_ policy: KeepPolicy) {
    self.init(
      keepLatest: policy.keepLatest, keepDays: policy.keepDays, keepPatterns: policy.keepPatterns.map(\.pattern),
      digestGraceSeconds: policy.digestGracePeriod.components.seconds)
  }
}

extension RunReport.PackageReport {
  init(plan: Plan, applied: ApplyResult?) {
    let results = Dictionary((applied?.results ?? []).map { ($0.version, $0) }, uniquingKeysWith: { a, _ in a })
    let versions = plan.entries.map { entry in
      let result = results[entry.version.version]
      return RunReport.VersionReport(
        version: entry.version.version, id: entry.version.id, kind: entry.version.isDigest ? "digest" : "tag",
        createdAt: entry.version.createdAtText, decision: entry.decision.isKeep ? "keep" : "delete",
        rule: entry.decision.rule, reason: entry.decision.explanation, references: entry.references,
        result: result?.status.rawValue, message: result?.message)
    }
    let references: String =
      switch plan.references {
      case .notNeeded: "not-needed"
      case .known: "known"
      case .unknown: "unknown"
      }
    self.init(
      owner: plan.owner, package: plan.package, status: applied == nil ? "planned" : "applied", error: nil,
      references: references, versions: versions,
      summary: RunReport.Summary(
        versions: plan.entries.count, keep: plan.keptCount, delete: plan.entries.count - plan.keptCount,
        deleted: applied?.deletedCount ?? 0, alreadyGone: applied?.alreadyGoneCount ?? 0,
        failed: applied?.failedCount ?? 0),
      warnings: plan.warnings + (applied?.warnings ?? []))
  }

  init(owner: String, package: String, error: GCError) {
    self.init(
      owner: owner, package: package, status: "aborted",
      error: RunReport.ErrorReport(kind: error.kind.rawValue, message: error.message), references: "not-needed",
      versions: [], summary: RunReport.Summary(versions: 0, keep: 0, delete: 0, deleted: 0, alreadyGone: 0, failed: 0),
      warnings: [])
  }
}
