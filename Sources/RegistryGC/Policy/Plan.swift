import Foundation

/// The decision for every version of one package, made before anything is
/// deleted. `--dry-run` prints it; a real run applies exactly it.
public struct Plan: Sendable {
  public var owner: String
  public var package: String
  public var now: Date
  public var policy: KeepPolicy
  /// Every listed version, newest first.
  public var entries: [PlanEntry]
  /// Whether the image-index references of kept tags were read.
  public var references: ReferenceStatus
  public var warnings: [String]

  public var deletions: [PlanEntry] { entries.filter { !$0.decision.isKeep } }
  public var keptCount: Int { entries.count { $0.decision.isKeep } }
}

public struct PlanEntry: Sendable, Equatable {
  public var version: PackageVersion
  public var decision: Decision
  /// The digests this version's image index references, when read.
  public var references: [String]

  public init(version: PackageVersion, decision: Decision, references: [String] = []) {
    self.version = version
    self.decision = decision
    self.references = references
  }
}

/// What the planner knows of the digests that kept tags reference.
public enum ReferenceStatus: Sendable, Equatable {
  /// No `sha256:` rows were listed, so references did not matter.
  case notNeeded
  /// Read for every kept tag: tag → referenced digests.
  case known([String: [String]])
  /// Could not be read (the reason says why): every digest is kept.
  case unknown(String)

  var map: [String: [String]] {
    if case .known(let map) = self { map } else { [:] }
  }
}
