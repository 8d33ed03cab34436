import Foundation

/// The keep policy as KeepPolicy.swift documents it, written out a second
/// time in the plainest way, over the test's own model rows. It shares no
/// code with the Planner or SafetyCheck.
struct PolicyOracle {
  var now: Date
  var keepLatest: Int
  var keepDays: Int
  /// Patterns besides `latest`, which is always kept.
  var patterns: [String]
  var graceSeconds: Int

  static let earliestPlausible: TimeInterval = 946_684_800  // 2000-01-01T00:00:00Z
  static let futureTolerance: TimeInterval = 300

  func isImplausible(_ date: Date) -> Bool {
    date.timeIntervalSince1970 < Self.earliestPlausible || date.timeIntervalSince(now) > Self.futureTolerance
  }

  func isYoung(_ date: Date) -> Bool {
    date >= now.addingTimeInterval(-Double(keepDays) * 86_400)
  }

  static func isDigest(_ name: String) -> Bool {
    name.hasPrefix("sha256:") && name.count == 71
      && name.dropFirst(7).allSatisfy { "0123456789abcdef".contains($0) }
  }

  /// The names of the versions the policy keeps, from one package's rows.
  /// `referencesKnown` false means every digest is kept.
  func kept(_ rows: [ModelVersion], referencesKnown: Bool) -> Set<String> {
    var kept = Set<String>()
    let tags = rows.filter { !Self.isDigest($0.version) }
    var others: [ModelVersion] = []
    for tag in tags {
      if tag.version.lowercased() == "latest" || patterns.contains(where: { Self.glob($0, matches: tag.version) })
        || isImplausible(tag.createdAt)
      {
        kept.insert(tag.version)
      } else {
        others.append(tag)
      }
    }
    others.sort { a, b in a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id }
    for (rank, tag) in others.enumerated() where rank < keepLatest || isYoung(tag.createdAt) {
      kept.insert(tag.version)
    }

    let referenced = Set(tags.filter { kept.contains($0.version) }.flatMap(\.children))
    for digest in rows where Self.isDigest(digest.version) {
      let age = now.timeIntervalSince(digest.createdAt)
      if !referencesKnown || referenced.contains(digest.version) || isImplausible(digest.createdAt)
        || age < Double(graceSeconds) || isYoung(digest.createdAt)
      {
        kept.insert(digest.version)
      }
    }
    return kept
  }

  /// Shell-style matching (`*`, `?`), ignoring case, by plain recursion.
  static func glob(_ pattern: String, matches text: String) -> Bool {
    func match(_ p: Substring, _ t: Substring) -> Bool {
      guard let first = p.first else { return t.isEmpty }
      if first == "*" { return match(p.dropFirst(), t) || (!t.isEmpty && match(p, t.dropFirst())) }
      guard let next = t.first else { return false }
      return (first == "?" || first == next) && match(p.dropFirst(), t.dropFirst())
    }
    return match(Substring(pattern.lowercased()), Substring(text.lowercased()))
  }
}
