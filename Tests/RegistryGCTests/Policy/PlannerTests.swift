import Foundation
import Testing

@testable import RegistryGC

@Suite("Planner: the keep policy")
struct PlannerTests {
  typealias F = GCFixtures

  static func tag(_ name: String, _ id: Int64, days: Double = 0, hours: Double = 0) -> PackageVersion {
    F.version(name, id: id, created: F.ago(days: days, hours: hours))
  }

  @Test func theSeedPolicyKeepsLatestCorpusSixRecentAndYoungTags() {
    let young = (1...7).map { k in Self.tag("n\(k)", Int64(40 - k), days: Double(k), hours: 1) }
    let old = (0..<3).map { k in Self.tag("r\(k + 1)", Int64(20 - k), days: Double(200 + k), hours: 1) }
    let versions =
      young + old + [
        Self.tag("latest", 100, days: 400),
        Self.tag("corpus-a", 1, days: 500),
        Self.tag("corpus-b", 50, hours: 12),
        Self.tag(F.digest("d1"), 200, hours: 2),
      ]
    let plan = makePlan(versions)

    #expect(
      plan.order == [
        F.digest("d1"), "corpus-b", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "r1", "r2", "r3", "latest", "corpus-a",
      ])
    let expected: [String: Decision] = [
      F.digest("d1"): .keep(.withinGracePeriod(ageHours: 2, graceHours: 24)),
      "corpus-b": .keep(.protected(pattern: "corpus-*")),
      "n1": .keep(.recent(rank: 1, limit: 6)),
      "n2": .keep(.recent(rank: 2, limit: 6)),
      "n3": .keep(.recent(rank: 3, limit: 6)),
      "n4": .keep(.recent(rank: 4, limit: 6)),
      "n5": .keep(.recent(rank: 5, limit: 6)),
      "n6": .keep(.recent(rank: 6, limit: 6)),
      "n7": .keep(.young(ageDays: 7, keepDays: 180)),
      "r1": .delete(.expired(ageDays: 200, keepDays: 180)),
      "r2": .delete(.expired(ageDays: 201, keepDays: 180)),
      "r3": .delete(.expired(ageDays: 202, keepDays: 180)),
      "latest": .keep(.latest),
      "corpus-a": .keep(.protected(pattern: "corpus-*")),
    ]
    #expect(plan.decisionsByVersion == expected)
    #expect(plan.deletionNames == ["r1", "r2", "r3"])
    #expect(plan.keptCount == 11)
    #expect(plan.warnings.isEmpty)
    #expect(SafetyCheck.violations(of: plan).isEmpty)
  }

  @Test func keepLatestCountsOnlyOtherTags() {
    let digest = F.digest("aa")
    let versions = [
      Self.tag("latest", 9), Self.tag("corpus-1", 8, hours: 1), Self.tag(digest, 7, hours: 2),
      Self.tag("t1", 3, days: 100), Self.tag("t2", 2, days: 110), Self.tag("t3", 1, days: 120),
    ]
    let plan = makePlan(
      versions, policy: makePolicy(keepLatest: 2, keepDays: 30), references: .known(["latest": [digest]]))
    #expect(
      plan.decisionsByVersion == [
        "latest": .keep(.latest),
        "corpus-1": .keep(.protected(pattern: "corpus-*")),
        digest: .keep(.referenced(by: ["latest"])),
        "t1": .keep(.recent(rank: 1, limit: 2)),
        "t2": .keep(.recent(rank: 2, limit: 2)),
        "t3": .delete(.expired(ageDays: 120, keepDays: 30)),
      ])
    #expect(plan.entries.first { $0.version.version == "latest" }?.references == [digest])
  }

  @Test func latestIsKeptWhateverThePatternsSay() {
    let versions = [Self.tag("LATEST", 2, days: 900), Self.tag("old", 1, days: 900)]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 0, keepDays: 0, patterns: []))
    #expect(plan.decisionsByVersion == ["LATEST": .keep(.latest), "old": .delete(.expired(ageDays: 900, keepDays: 0))])
  }

  @Test func keepDaysAddsToKeepLatest() {
    let versions = [
      Self.tag("a", 5, days: 5), Self.tag("b", 4, days: 10), Self.tag("c", 3, days: 20),
      Self.tag("d", 2, days: 40), Self.tag("e", 1, days: 50),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 2, keepDays: 30))
    #expect(
      plan.decisionsByVersion == [
        "a": .keep(.recent(rank: 1, limit: 2)), "b": .keep(.recent(rank: 2, limit: 2)),
        "c": .keep(.young(ageDays: 20, keepDays: 30)),
        "d": .delete(.expired(ageDays: 40, keepDays: 30)), "e": .delete(.expired(ageDays: 50, keepDays: 30)),
      ])
  }

  @Test func aTagExactlyAtTheCutOffIsKept() {
    let versions = [
      F.version("edge", id: 2, created: F.ago(days: 30)),
      F.version("past", id: 1, created: F.ago(days: 30, seconds: 1)),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 0, keepDays: 30))
    #expect(
      plan.decisionsByVersion == [
        "edge": .keep(.young(ageDays: 30, keepDays: 30)), "past": .delete(.expired(ageDays: 30, keepDays: 30)),
      ])
  }

  @Test func tiesOnCreatedAtAreBrokenByTheHigherIdAsNewer() {
    let instant = F.ago(days: 200)
    let versions = [
      F.version("x", id: 10, created: instant), F.version("y", id: 12, created: instant),
      F.version("z", id: 11, created: instant), F.version("w", id: 13, created: instant),
    ]
    let reference = makePlan(versions, policy: makePolicy(keepLatest: 2, keepDays: 30))
    #expect(reference.order == ["w", "y", "z", "x"])
    #expect(reference.deletionNames == ["z", "x"])
    #expect(reference.decisionsByVersion["w"] == .keep(.recent(rank: 1, limit: 2)))
    #expect(reference.decisionsByVersion["y"] == .keep(.recent(rank: 2, limit: 2)))

    for permutation in Self.permutations(versions) {
      let plan = makePlan(permutation, policy: makePolicy(keepLatest: 2, keepDays: 30))
      #expect(plan.entries == reference.entries, "input order \(permutation.map(\.version))")
    }
  }

  @Test func shuffledInputsGiveTheSamePlan() {
    // Ties everywhere: tags, an index and its children pushed in one second.
    let second = F.ago(days: 90)
    let children = [F.digest("c1"), F.digest("c2")]
    var versions = [
      F.version("latest", id: 30, created: F.ago(hours: 1)),
      F.version("v3", id: 22, created: second), F.version("v2", id: 21, created: second),
      F.version(children[0], id: 19, created: second), F.version(children[1], id: 20, created: second),
      F.version("v1", id: 5, created: F.ago(days: 120)), F.version("v0", id: 4, created: F.ago(days: 120)),
      F.version(F.digest("0dd"), id: 3, created: F.ago(days: 120)),
    ]
    let references = ReferenceStatus.known(["v3": children, "latest": [], "v2": []])
    let policy = makePolicy(keepLatest: 1, keepDays: 30)
    let reference = makePlan(versions, policy: policy, references: references)
    #expect(reference.order == ["latest", "v3", "v2", children[1], children[0], "v1", "v0", F.digest("0dd")])
    #expect(reference.deletionNames == ["v2", "v1", "v0", F.digest("0dd")])
    var random = SplitMix64(seed: 99)
    for _ in 0..<50 {
      versions.shuffle(using: &random)
      #expect(makePlan(versions, policy: policy, references: references).entries == reference.entries)
    }
  }

  @Test func implausibleTimestampsAreKeptWithAWarning() {
    let versions = [
      F.version("future", id: 1, created: F.now.addingTimeInterval(3_600)),
      F.version("nearly-now", id: 2, created: F.now.addingTimeInterval(200)),
      F.version("y1999", id: 3, created: Date(timeIntervalSince1970: 946_684_799)),
      F.version("y2000", id: 4, created: Date(timeIntervalSince1970: 946_684_800)),
      F.version("a", id: 5, created: F.ago(days: 100)),
      F.version(F.digest("1990"), id: 6, created: Date(timeIntervalSince1970: 631_152_000)),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 1, keepDays: 30))
    let decisions = plan.decisionsByVersion
    #expect(decisions["future"] == .keep(.implausibleTimestamp))
    #expect(decisions["y1999"] == .keep(.implausibleTimestamp))
    #expect(decisions[F.digest("1990")] == .keep(.implausibleTimestamp))
    // Implausible tags do not use up keep-latest places; 200 s ahead is clock skew, not implausible.
    #expect(decisions["nearly-now"] == .keep(.recent(rank: 1, limit: 1)))
    #expect(decisions["a"] == .delete(.expired(ageDays: 100, keepDays: 30)))
    #expect(decisions["y2000"] == .delete(.expired(ageDays: 9283, keepDays: 30)))
    #expect(
      plan.warnings == [
        "future: created_at 2025-06-01T01:00:00Z is implausible; kept",
        "y1999: created_at 1999-12-31T23:59:59Z is implausible; kept",
        "\(F.digest("1990")): created_at 1990-01-01T00:00:00Z is implausible; kept",
      ])
  }

  /// A tag up to five minutes ahead of `now` is clock skew and kept as young,
  /// but its age is rounded down to -1 day, so the plan prints
  /// "within --keep-days (-1 of 30 days old)" (Planner.ageDays).
  @Test func aSlightlyFutureTagIsZeroDaysOld() {
    let versions = [F.version("skewed", id: 1, created: F.now.addingTimeInterval(200))]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 0, keepDays: 30))
    #expect(plan.decisionsByVersion["skewed"]?.rule == "keep-days")
    #expect(plan.decisionsByVersion["skewed"] == .keep(.young(ageDays: 0, keepDays: 30)))
  
  }

  @Test func digestsFollowTheTagsThatReferenceThem() {
    let kept = F.digest("a1")
    let shared = F.digest("5a")
    let orphanedByDelete = F.digest("de1")
    let unreferencedOld = F.digest("01d")
    let inGrace = F.digest("9ace")
    let youngDigest = F.digest("7")
    let versions = [
      F.version("keep-me", id: 10, created: F.ago(days: 100)),
      F.version("drop-me", id: 9, created: F.ago(days: 110)),
      F.version(kept, id: 8, created: F.ago(days: 100)),
      F.version(shared, id: 7, created: F.ago(days: 110)),
      F.version(orphanedByDelete, id: 6, created: F.ago(days: 110)),
      F.version(unreferencedOld, id: 5, created: F.ago(days: 300)),
      F.version(inGrace, id: 4, created: F.ago(hours: 2, seconds: 30)),
      F.version(youngDigest, id: 3, created: F.ago(days: 3)),
    ]
    let references = ReferenceStatus.known([
      "keep-me": [kept, shared], "drop-me": [shared, orphanedByDelete],
    ])
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 1, keepDays: 30), references: references)
    #expect(
      plan.decisionsByVersion == [
        "keep-me": .keep(.recent(rank: 1, limit: 1)),
        "drop-me": .delete(.expired(ageDays: 110, keepDays: 30)),
        kept: .keep(.referenced(by: ["keep-me"])),
        shared: .keep(.referenced(by: ["keep-me"])),
        orphanedByDelete: .delete(.unreferencedDigest(ageDays: 110)),
        unreferencedOld: .delete(.unreferencedDigest(ageDays: 300)),
        inGrace: .keep(.withinGracePeriod(ageHours: 2, graceHours: 24)),
        youngDigest: .keep(.young(ageDays: 3, keepDays: 30)),
      ])
    #expect(plan.entries.first { $0.version.version == "drop-me" }?.references == [shared, orphanedByDelete])
    #expect(SafetyCheck.violations(of: plan).isEmpty)
  }

  @Test func aDigestReferencedBySeveralKeptTagsNamesThemNewestFirst() {
    let child = F.digest("ab")
    let versions = [
      F.version("older", id: 1, created: F.ago(days: 50)), F.version("newer", id: 2, created: F.ago(days: 40)),
      F.version("latest", id: 3, created: F.ago(days: 60)), F.version(child, id: 4, created: F.ago(days: 60)),
    ]
    let references = ReferenceStatus.known(["older": [child], "newer": [child], "latest": [child]])
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 2, keepDays: 1), references: references)
    #expect(plan.decisionsByVersion[child] == .keep(.referenced(by: ["newer", "older", "latest"])))
  }

  @Test func unknownReferencesKeepEveryDigest() {
    let versions = [
      F.version("t", id: 3, created: F.ago(days: 300)), F.version(F.digest("aa"), id: 2, created: F.ago(days: 300)),
      F.version(F.digest("bb"), id: 1, created: F.ago(days: 2)),
    ]
    let plan = makePlan(
      versions, policy: makePolicy(keepLatest: 0, keepDays: 1),
      references: .unknown("the registry refused a pull token for acme/app (HTTP 401)"))
    #expect(
      plan.decisionsByVersion == [
        "t": .delete(.expired(ageDays: 300, keepDays: 1)),
        F.digest("aa"): .keep(.referencesUnknown), F.digest("bb"): .keep(.referencesUnknown),
      ])
    #expect(
      plan.warnings == ["every sha256: digest is kept: the registry refused a pull token for acme/app (HTTP 401)"])
  }

  /// `sha256:ab` is no digest, and no tag either (a tag has no `:`): it is
  /// kept as not an image name and does not take a keep-latest place.
  @Test func aNameThatOnlyLooksLikeADigestIsKept() {
    #expect(Digest.isValid(F.digest("ab")))
    #expect(!Digest.isValid("sha256:ab"))
    #expect(!Digest.isValid("sha256:" + String(repeating: "A", count: 64)))
    #expect(!Digest.isValid("sha512:" + String(repeating: "a", count: 64)))
    #expect(!Digest.isValid("sha256:" + String(repeating: "a", count: 65)))
    let versions = [
      F.version("sha256:ab", id: 2, created: F.ago(days: 90)), F.version("v", id: 1, created: F.ago(days: 100)),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 1, keepDays: 30))
    #expect(plan.decisionsByVersion["sha256:ab"] == .keep(.notAnImageName))
    #expect(plan.decisionsByVersion["v"] == .keep(.recent(rank: 1, limit: 1)))
  }

  @Test func keptTagsAreTheTagsThePlanKeeps() {
    let versions = [
      F.version("latest", id: 5, created: F.ago(days: 300)), F.version("a", id: 4, created: F.ago(days: 100)),
      F.version("b", id: 3, created: F.ago(days: 110)), F.version("corpus-x", id: 2, created: F.ago(days: 500)),
      F.version(F.digest("cc"), id: 1, created: F.ago(days: 1)),
    ]
    let kept = Planner.keptTags(versions, now: F.now, policy: makePolicy(keepLatest: 1, keepDays: 30))
    #expect(kept.map(\.version) == ["a", "latest", "corpus-x"])
  }

  @Test func decisionsExplainThemselves() {
    #expect(Decision.keep(.latest).rule == "latest")
    #expect(Decision.keep(.recent(rank: 2, limit: 6)).explanation == "keep-latest #2/6")
    #expect(Decision.keep(.young(ageDays: 3, keepDays: 180)).explanation == "within --keep-days (3 of 180 days old)")
    #expect(Decision.keep(.referenced(by: ["a", "b"])).explanation == "referenced by a, b")
    #expect(
      Decision.keep(.withinGracePeriod(ageHours: 2, graceHours: 24)).explanation
        == "unreferenced digest within the 24h grace period (2h old)")
    #expect(
      Decision.delete(.expired(ageDays: 212, keepDays: 180)).explanation == "older than --keep-days (212 > 180 days)")
    #expect(Decision.delete(.unreferencedDigest(ageDays: 9)).rule == "unreferenced-digest")
    let rules = [
      Decision.keep(.protected(pattern: "x")), .keep(.recent(rank: 1, limit: 1)),
      .keep(.young(ageDays: 1, keepDays: 1)),
      .keep(.referenced(by: [])), .keep(.referencesUnknown), .keep(.withinGracePeriod(ageHours: 1, graceHours: 1)),
      .keep(.implausibleTimestamp), .delete(.expired(ageDays: 1, keepDays: 1)),
    ].map(\.rule)
    #expect(
      rules == [
        "keep-pattern", "keep-latest", "keep-days", "referenced", "references-unknown", "digest-grace",
        "implausible-timestamp", "expired",
      ])
  }

  static func permutations<T>(_ items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { index in
      var rest = items
      let head = rest.remove(at: index)
      return permutations(rest).map { [head] + $0 }
    }
  }
}
