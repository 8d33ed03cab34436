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
    let order = newestFirstOrder(versions)
    let isDigest = versions.map(\.isDigest)
    let decisions = tagDecisions(versions, order: order, isDigest: isDigest, now: now, policy: policy)
    return order.filter { !isDigest[$0] && decisions[$0]?.isKeep == true }.map { versions[$0] }
  }

  /// The whole plan for one package.
  public static func plan(
    owner: String, package: String, versions: [PackageVersion], now: Date, policy: KeepPolicy,
    references: ReferenceStatus
  ) -> Plan {
    let order = newestFirstOrder(versions)
    let isDigest = versions.map(\.isDigest)
    var decisions = tagDecisions(versions, order: order, isDigest: isDigest, now: now, policy: policy)
    let referenceMap = references.map

    // Digests referenced by kept tags, and by which.
    var referencedBy: [String: [String]] = [:]
    for index in order where !isDigest[index] && decisions[index]?.isKeep == true {
      for digest in referenceMap[versions[index].version] ?? [] {
        referencedBy[digest, default: []].append(versions[index].version)
      }
    }

    var warnings: [String] = []
    let cutoff = now.addingTimeInterval(-Double(policy.keepDays) * 86_400)
    let grace = Double(policy.digestGracePeriod.components.seconds)
    let referencesUnknown: Bool
    if case .unknown = references { referencesUnknown = true } else { referencesUnknown = false }
    for index in order {
      let version = versions[index]
      guard isDigest[index] else {
        if decisions[index] == .keep(.implausibleTimestamp) {
          warnings.append("\(version.version): created_at \(version.createdAtText) is implausible; kept")
        }
        if decisions[index] == .keep(.notAnImageName) {
          warnings.append("\(PrintableText.quoted(version.version)) is not an image tag or digest; kept")
        }
        continue
      }
      let age = now.timeIntervalSince(version.createdAt)
      if let tags = referencedBy[version.version] {
        decisions[index] = .keep(.referenced(by: tags))
      } else if referencesUnknown {
        decisions[index] = .keep(.referencesUnknown)
      } else if isImplausible(version.createdAt, now: now) {
        decisions[index] = .keep(.implausibleTimestamp)
        warnings.append("\(version.version): created_at \(version.createdAtText) is implausible; kept")
      } else if age < grace {
        decisions[index] = .keep(.withinGracePeriod(ageHours: Int(age / 3600), graceHours: Int(grace / 3600)))
      } else if version.createdAt >= cutoff {
        decisions[index] = .keep(.young(ageDays: ageDays(age), keepDays: policy.keepDays))
      } else {
        decisions[index] = .delete(.unreferencedDigest(ageDays: ageDays(age)))
      }
    }
    if referencesUnknown, case .unknown(let reason) = references, isDigest.contains(true) {
      warnings.append("every sha256: digest is kept: \(reason)")
    }

    var entries: [PlanEntry] = []
    entries.reserveCapacity(order.count)
    for index in order {
      let references = referenceMap.isEmpty ? [] : referenceMap[versions[index].version] ?? []
      entries.append(PlanEntry(version: versions[index], decision: decisions[index]!, references: references))
    }
    return Plan(
      owner: owner, package: package, now: now, policy: policy, entries: entries, references: references,
      warnings: warnings)
  }

  // MARK: Pieces

  /// Positions of `versions`, newest first (see ``PackageVersion/newerFirst(_:_:)``).
  static func newestFirstOrder(_ versions: [PackageVersion]) -> [Int] {
    var order = Array(versions.indices)
    order.sort { PackageVersion.newerFirst(versions[$0], versions[$1]) }
    return order
  }

  /// Decisions for tags (digests stay `nil`), walking `order` newest first.
  static func tagDecisions(
    _ versions: [PackageVersion], order: [Int], isDigest: [Bool], now: Date, policy: KeepPolicy
  ) -> [Decision?] {
    let cutoff = now.addingTimeInterval(-Double(policy.keepDays) * 86_400)
    var decisions = [Decision?](repeating: nil, count: versions.count)
    var recentKept = 0
    for index in order where !isDigest[index] {
      let tag = versions[index]
      let decision: Decision
      if isLatest(tag.version) {
        decision = .keep(.latest)
      } else if !Tag.isValid(tag.version) {
        decision = .keep(.notAnImageName)
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
      decisions[index] = decision
    }
    return decisions
  }

  static let latestPattern = Glob("latest")

  /// Whether `version` is the `latest` tag (any case).
  static func isLatest(_ version: String) -> Bool {
    latestPattern.matches(version)
  }

  static func isImplausible(_ date: Date, now: Date) -> Bool {
    date < earliestPlausible || date.timeIntervalSince(now) > futureTolerance
  }

  /// Whole days of age; a timestamp within the clock-skew tolerance ahead of
  /// now counts as 0 days old, not -1.
  static func ageDays(_ seconds: TimeInterval) -> Int {
    max(0, Int((seconds / 86_400).rounded(.down)))
  }
}
