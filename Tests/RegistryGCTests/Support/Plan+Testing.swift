import Foundation

@testable import RegistryGC

extension Plan {
  /// The version names in the plan's order (newest first).
  var order: [String] { entries.map(\.version.version) }

  /// Each version's decision, by name.
  var decisionsByVersion: [String: Decision] {
    Dictionary(entries.map { ($0.version.version, $0.decision) }, uniquingKeysWith: { first, _ in first })
  }

  /// The names planned for deletion, in plan order.
  var deletionNames: [String] { deletions.map(\.version.version) }

  /// A copy in which `name` is planned for deletion, as a buggy planner might.
  func tampered(deleting name: String) -> Plan {
    var copy = self
    for index in copy.entries.indices where copy.entries[index].version.version == name {
      copy.entries[index].decision = .delete(.expired(ageDays: 9_999, keepDays: policy.keepDays))
    }
    return copy
  }
}

/// The seed's policy with other numbers.
func makePolicy(
  keepLatest: Int = KeepPolicy.defaultKeepLatest, keepDays: Int = KeepPolicy.defaultKeepDays,
  patterns: [String] = ["latest", "corpus-*"], graceHours: Int = 24
) -> KeepPolicy {
  KeepPolicy(
    keepLatest: keepLatest, keepDays: keepDays, keepPatterns: patterns.map(Glob.init),
    digestGracePeriod: .seconds(graceHours * 3600))
}

/// The planner at the fixtures' clock.
func makePlan(
  _ versions: [PackageVersion], policy: KeepPolicy = KeepPolicy(), references: ReferenceStatus = .known([:])
) -> Plan {
  Planner.plan(
    owner: "acme", package: "app", versions: versions, now: GCFixtures.now, policy: policy, references: references)
}
