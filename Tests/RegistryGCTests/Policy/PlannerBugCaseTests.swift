import Foundation
import Testing

@testable import RegistryGC

/// The bug cases of peer-tools-and-bug-cases.md §B that are about the plan,
/// as exact plans. `now` is 2025-06-01T00:00:00Z and ages carry an extra hour.
@Suite("Planner: bug cases B-01, B-04, B-05")
struct PlannerBugCaseTests {
  typealias F = GCFixtures

  @Test("B-01: children of a kept multi-arch tag survive an untagged sweep")
  func b01ChildrenOfKeptIndexSurvive() {
    let a1 = F.digest("a1")
    let a2 = F.digest("a2")
    let o1 = F.digest("01")
    let pushed = F.ago(days: 60, hours: 1)
    let versions = [
      F.version("1.0", id: 4, created: pushed), F.version(a1, id: 2, created: pushed),
      F.version(a2, id: 3, created: pushed), F.version(o1, id: 1, created: pushed),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepDays: 30), references: .known(["1.0": [a1, a2]]))
    #expect(plan.order == ["1.0", a2, a1, o1])
    #expect(
      plan.decisionsByVersion == [
        "1.0": .keep(.recent(rank: 1, limit: 6)),
        a1: .keep(.referenced(by: ["1.0"])),
        a2: .keep(.referenced(by: ["1.0"])),
        o1: .delete(.unreferencedDigest(ageDays: 60)),
      ])
    #expect(SafetyCheck.violations(of: plan).isEmpty)
  }

  @Test("B-04: sha256 rows referenced by a kept index are not junk")
  func b04ReferencedDigestsAreKept() {
    let aa = F.digest("aa")
    let bb = F.digest("bb")
    let pushed = F.ago(days: 30, hours: 1)
    let versions = [
      F.version("v1.0", id: 3, created: pushed), F.version(aa, id: 1, created: pushed),
      F.version(bb, id: 2, created: pushed),
    ]
    // Only digests would be eligible: the tag is protected, nothing counts as recent.
    let plan = makePlan(
      versions, policy: makePolicy(keepLatest: 0, keepDays: 7, patterns: ["latest", "v1.*"]),
      references: .known(["v1.0": [aa, bb]]))
    #expect(
      plan.decisionsByVersion == [
        "v1.0": .keep(.protected(pattern: "v1.*")),
        aa: .keep(.referenced(by: ["v1.0"])),
        bb: .keep(.referenced(by: ["v1.0"])),
      ])
    #expect(plan.deletions.isEmpty)
    #expect(plan.entries.first { $0.version.version == aa }?.decision.explanation == "referenced by v1.0")
  }

  /// B-05's registry: `latest`, then releases 0.6.0 (1 day) down to 0.1.0
  /// (6 days), each an index with two platform children pushed with it.
  static func b05Versions() -> (versions: [PackageVersion], references: [String: [String]]) {
    var versions = [F.version("latest", id: 100, created: F.ago(hours: 1))]
    var references: [String: [String]] = ["latest": []]
    for release in 1...6 {
      let pushed = F.ago(days: Double(7 - release), hours: 1)
      let children = [F.digest("c\(release)1"), F.digest("c\(release)2")]
      let base = Int64(release * 10)
      versions.append(F.version(children[0], id: base + 1, created: pushed))
      versions.append(F.version(children[1], id: base + 2, created: pushed))
      versions.append(F.version("0.\(release).0", id: base + 3, created: pushed))
      references["0.\(release).0"] = children
    }
    return (versions, references)
  }

  static let b05Policy = makePolicy(keepLatest: 5, keepDays: 0, patterns: ["latest"])

  @Test("B-05: keep-latest counts releases, not platform rows")
  func b05KeepLatestCountsTagsOnly() {
    let (versions, references) = Self.b05Versions()
    let plan = makePlan(versions, policy: Self.b05Policy, references: .known(references))

    var expected: [String: Decision] = ["latest": .keep(.latest)]
    for release in 2...6 {
      let tag = "0.\(release).0"
      expected[tag] = .keep(.recent(rank: 7 - release, limit: 5))
      expected[F.digest("c\(release)1")] = .keep(.referenced(by: [tag]))
      expected[F.digest("c\(release)2")] = .keep(.referenced(by: [tag]))
    }
    expected["0.1.0"] = .delete(.expired(ageDays: 6, keepDays: 0))
    expected[F.digest("c11")] = .delete(.unreferencedDigest(ageDays: 6))
    expected[F.digest("c12")] = .delete(.unreferencedDigest(ageDays: 6))

    #expect(plan.decisionsByVersion == expected)
    #expect(plan.deletionNames == ["0.1.0", F.digest("c12"), F.digest("c11")])
    #expect(plan.entries.count == 19)
    #expect(SafetyCheck.violations(of: plan).isEmpty)
  }

  @Test("B-05: a child shared with a kept release goes only with its last parent")
  func b05SharedChildStays() {
    var (versions, references) = Self.b05Versions()
    let shared = F.digest("c21")
    references["0.1.0"] = [F.digest("c11"), shared]
    let plan = makePlan(versions, policy: Self.b05Policy, references: .known(references))
    #expect(plan.decisionsByVersion[shared] == .keep(.referenced(by: ["0.2.0"])))
    #expect(plan.deletionNames == ["0.1.0", F.digest("c12"), F.digest("c11")])

    // Once 0.2.0 also falls out of keep-latest, its children go with it.
    versions.removeAll { $0.version == "0.6.0" }
    let narrower = makePlan(
      versions, policy: makePolicy(keepLatest: 3, keepDays: 0, patterns: ["latest"]), references: .known(references))
    #expect(narrower.decisionsByVersion[shared] == .delete(.unreferencedDigest(ageDays: 5)))
    #expect(narrower.decisionsByVersion["0.2.0"] == .delete(.expired(ageDays: 5, keepDays: 0)))
  }
}
