import Foundation

/// Applies a ``KeepPolicy`` to a package's versions. Pure: the same versions,
/// clock and references always give the same plan.
public enum Planner {
  /// Times before this are taken for a broken clock, not a real push.
  static let earliestPlausible = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01T00:00:00Z
  /// Clock skew tolerated before a timestamp counts as in the future.
  static let futureTolerance: TimeInterval = 300

  /// The tags the policy keeps, newest first: the ones whose image-index
  /// references must be read before digests can be planned.
  public static func keptTags(_ versions: [PackageVersion], now: Date, policy: KeepPolicy) -> [PackageVersion] {
    planTags(sortedNewestFirst(versions.filter { !$0.isDigest }), now: now, policy: policy)
      .filter { $0.decision.isKeep }.map(\.version)
  }

  /// The whole plan for one package.
  public static func plan(
    owner: String, package: String, versions: [PackageVersion], now: Date, policy: KeepPolicy,
    references: ReferenceStatus
  ) -> Plan {
    let sorted = sortedNewestFirst(versions)
    let tagEntries = planTags(sorted.filter { !$0.isDigest }, now: now, policy: policy)
    let referenceMap = references.map

    var referencedBy: [String: [String]] = [:]
    for entry in tagEntries where entry.decision.isKeep {
      for digest in referenceMap[entry.version.version] ?? [] {
        referencedBy[digest, default: []].append(entry.version.version)
      }
    }
    var warnings: [String] = []
    var decisions: [String: PlanEntry] = [:]
    decisions.reserveCapacity(sorted.count)
    for var entry in tagEntries {
      entry.references = referenceMap[entry.version.version] ?? []
      if entry.decision == .keep(.implausibleTimestamp) {
        warnings.append("\(entry.version.version): created_at \(entry.version.createdAtText) is implausible; kept")
      }
      decisions[entry.version.version] = entry
    }

    let cutoff = now.addingTimeInterval(-Double(policy.keepDays) * 86_400)
    let grace = Double(policy.digestGracePeriod.components.seconds)
    var entries: [PlanEntry] = []
    entries.reserveCapacity(sorted.count)
    for version in sorted {
      if let tagged = decisions[version.version], tagged.version.id == version.id {
        entries.append(tagged)
        continue
      }
      let age = now.timeIntervalSince(version.createdAt)
      let decision: Decision
      if let tags = referencedBy[version.version] {
        decision = .keep(.referenced(by: tags))
      } else if case .unknown = references {
        decision = .keep(.referencesUnknown)
      } else if isImplausible(version.createdAt, now: now) {
        decision = .keep(.implausibleTimestamp)
        warnings.append("\(version.version): created_at \(version.createdAtText) is implausible; kept")
      } else if age < grace {
        decision = .keep(.withinGracePeriod(ageHours: Int(age / 3600), graceHours: Int(grace / 3600)))
      } else if version.createdAt >= cutoff {
        decision = .keep(.young(ageDays: ageDays(age), keepDays: policy.keepDays))
      } else {
        decision = .delete(.unreferencedDigest(ageDays: ageDays(age)))
      }
      entries.append(PlanEntry(version: version, decision: decision, references: referenceMap[version.version] ?? []))
    }
    if case .unknown(let reason) = references, sorted.contains(where: \.isDigest) {
      warnings.append("every sha256: digest is kept: \(reason)")
    }
    return Plan(
      owner: owner, package: package, now: now, policy: policy, entries: entries, references: references,
      warnings: warnings)
  }

  // MARK: Pieces

  static func sortedNewestFirst(_ versions: [PackageVersion]) -> [PackageVersion] {
    versions.sorted(by: PackageVersion.newerFirst)
  }

  /// Decisions for tags (no digests), which must be sorted newest first.
  static func planTags(_ tags: [PackageVersion], now: Date, policy: KeepPolicy) -> [PlanEntry] {
    let cutoff = now.addingTimeInterval(-Double(policy.keepDays) * 86_400)
    var recentKept = 0
    return tags.map { tag in
      let decision: Decision
      if tag.version.lowercased() == "latest" {
        decision = .keep(.latest)
      } else if let pattern = policy.keepPatterns.first(where: { $0.matches(tag.version) }) {
        decision = .keep(.protected(pattern: pattern.pattern))
      } else if isImplausible(tag.createdAt, now: now) {
        decision = .keep(.implausibleTimestamp)
      } else if recentKept < policy.keepLatest {
        recentKept += 1
        decision = .keep(.recent(rank: recentKept, limit: policy.keepLatest))
      } else if tag.createdAt >= cutoff {
        decision = .keep(.young(ageDays: ageDays(now.timeIntervalSince(tag.createdAt)), keepDays: policy.keepDays))
      } else {
        decision = .delete(.expired(ageDays: ageDays(now.timeIntervalSince(tag.createdAt)), keepDays: policy.keepDays))
      }
      return PlanEntry(version: tag, decision: decision)
    }
  }

  static func isImplausible(_ date: Date, now: Date) -> Bool {
    date < earliestPlausible || date.timeIntervalSince(now) > futureTolerance
  }

  static func ageDays(_ seconds: TimeInterval) -> Int {
    Int((seconds / 86_400).rounded(.down))
  }
}
