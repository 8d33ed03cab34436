import Foundation

/// Checks a plan against the promises the GC makes, by a second, simpler
/// reading of the policy. The planner decides; this only refuses. A plan
/// that fails any check is never applied.
public enum SafetyCheck {
  /// The broken promises, empty when the plan is safe to apply.
  public static func violations(of plan: Plan) -> [String] {
    var problems: [String] = []
    let policy = plan.policy
    let cutoff = plan.now.addingTimeInterval(-Double(policy.keepDays) * 86_400)
    let referencesUnknown: Bool
    if case .unknown = plan.references { referencesUnknown = true } else { referencesUnknown = false }

    // Every deletion, one rule at a time.
    for entry in plan.entries where !entry.decision.isKeep {
      let version = entry.version
      let name = version.version
      if name.isEmpty { problems.append("a version with an empty name is planned for deletion") }
      if !name.isEmpty, !version.hasImageName {
        problems.append("\(PrintableText.quoted(name)) is not an image tag or digest but is planned for deletion")
      }
      if name.utf8.count == 6, name.lowercased() == "latest" { problems.append("\(name) is planned for deletion") }
      if let pattern = policy.keepPatterns.first(where: { $0.matches(name) }) {
        problems.append("\(name) matches keep pattern \(pattern) but is planned for deletion")
      }
      if Planner.isImplausible(version.createdAt, now: plan.now) {
        problems.append("\(name) has an implausible created_at but is planned for deletion")
      }
      if version.createdAt >= cutoff {
        problems.append("\(name) is younger than \(policy.keepDays) days but is planned for deletion")
      }
      if version.isDigest, referencesUnknown {
        problems.append("\(name) is planned for deletion although references are unknown")
      }
    }

    // Every digest that a kept tag references survives.
    let referenceMap = plan.references.map
    if !referenceMap.isEmpty {
      var keptTags = Set<String>()
      var deletedDigests = Set<String>()
      for entry in plan.entries {
        if entry.decision.isKeep, referenceMap[entry.version.version] != nil { keptTags.insert(entry.version.version) }
        if !entry.decision.isKeep, entry.version.isDigest { deletedDigests.insert(entry.version.version) }
      }
      for (tag, digests) in referenceMap where keptTags.contains(tag) {
        for digest in digests where deletedDigests.contains(digest) {
          problems.append("\(digest) is referenced by kept tag \(tag) but is planned for deletion")
        }
      }
    }

    // The keep-latest most recent other tags survive: sort them afresh
    // rather than trusting the plan's order.
    var others = plan.entries.filter { entry in
      let version = entry.version
      return !version.isDigest && !(version.version.utf8.count == 6 && version.version.lowercased() == "latest")
        && !policy.keepPatterns.contains { $0.matches(version.version) }
        && !Planner.isImplausible(version.createdAt, now: plan.now)
    }
    let sorted = zip(others, others.dropFirst()).allSatisfy { !PackageVersion.newerFirst($1.version, $0.version) }
    if !sorted { others.sort { PackageVersion.newerFirst($0.version, $1.version) } }
    for entry in others.prefix(policy.keepLatest) where !entry.decision.isKeep {
      problems.append(
        "\(entry.version.version) is among the \(policy.keepLatest) most recent tags but is planned for deletion")
    }
    return problems
  }
}
