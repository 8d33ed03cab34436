import Foundation

/// Checks a plan against the promises the GC makes, by a second, simpler
/// reading of the policy. The planner decides; this only refuses. A plan
/// that fails any check is never applied.
public enum SafetyCheck {
  /// The broken promises, empty when the plan is safe to apply.
  public static func violations(of plan: Plan) -> [String] {
    var problems: [String] = []
    let policy = plan.policy
    let deleting = plan.entries.filter { !$0.decision.isKeep }

    for entry in deleting {
      let name = entry.version.version
      if name.isEmpty { problems.append("a version with an empty name is planned for deletion") }
      if name.lowercased() == "latest" { problems.append("\(name) is planned for deletion") }
      if let pattern = policy.keepPatterns.first(where: { $0.matches(name) }) {
        problems.append("\(name) matches keep pattern \(pattern) but is planned for deletion")
      }
      if Planner.isImplausible(entry.version.createdAt, now: plan.now) {
        problems.append("\(name) has an implausible created_at but is planned for deletion")
      }
      if entry.version.isDigest, case .unknown = plan.references {
        problems.append("\(name) is planned for deletion although references are unknown")
      }
    }

    // Every digest that a kept tag references survives.
    let kept = Set(plan.entries.filter { $0.decision.isKeep }.map(\.version.version))
    let deletedNames = Set(deleting.map(\.version.version))
    for (tag, digests) in plan.references.map where kept.contains(tag) {
      for digest in digests where deletedNames.contains(digest) {
        problems.append("\(digest) is referenced by kept tag \(tag) but is planned for deletion")
      }
    }

    // The keep-latest most recent other tags survive.
    let others = plan.entries.map(\.version).filter { version in
      !version.isDigest && version.version.lowercased() != "latest"
        && !policy.keepPatterns.contains { $0.matches(version.version) }
        && !Planner.isImplausible(version.createdAt, now: plan.now)
    }.sorted(by: PackageVersion.newerFirst)
    for version in others.prefix(policy.keepLatest) where deletedNames.contains(version.version) {
      problems.append("\(version.version) is among the \(policy.keepLatest) most recent tags but is planned for deletion")
    }

    // Nothing younger than the cut-off goes.
    let cutoff = plan.now.addingTimeInterval(-Double(policy.keepDays) * 86_400)
    for entry in deleting where entry.version.createdAt >= cutoff {
      problems.append("\(entry.version.version) is younger than \(policy.keepDays) days but is planned for deletion")
    }
    return problems
  }
}
