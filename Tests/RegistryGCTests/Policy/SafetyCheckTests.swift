import Foundation
import Testing

@testable import RegistryGC

@Suite("SafetyCheck: tampered plans are refused")
struct SafetyCheckTests {
  typealias F = GCFixtures

  @Test func deletingLatestIsRefused() {
    let versions = [
      F.version("latest", id: 2, created: F.ago(days: 400)), F.version("v1", id: 1, created: F.ago(days: 400)),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 0))
    #expect(SafetyCheck.violations(of: plan).isEmpty)
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: "latest")) == [
        "latest is planned for deletion", "latest matches keep pattern latest but is planned for deletion",
      ])
  }

  @Test func deletingAProtectedTagIsRefused() {
    let versions = [F.version("corpus-1", id: 1, created: F.ago(days: 400))]
    let plan = makePlan(versions)
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: "corpus-1")) == [
        "corpus-1 matches keep pattern corpus-* but is planned for deletion"
      ])
  }

  @Test func deletingAReferencedDigestIsRefused() {
    let child = F.digest("c")
    let versions = [
      F.version("v1", id: 2, created: F.ago(days: 200)), F.version(child, id: 1, created: F.ago(days: 200)),
    ]
    let plan = makePlan(versions, references: .known(["v1": [child]]))
    #expect(SafetyCheck.violations(of: plan).isEmpty)
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: child)) == [
        "\(child) is referenced by kept tag v1 but is planned for deletion"
      ])
  }

  @Test func aDigestReferencedOnlyByADeletedTagMayGo() {
    let child = F.digest("c")
    let versions = [
      F.version("v2", id: 3, created: F.ago(days: 100)), F.version("v1", id: 2, created: F.ago(days: 200)),
      F.version(child, id: 1, created: F.ago(days: 200)),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 1, keepDays: 30), references: .known(["v1": [child]]))
    #expect(plan.deletionNames == ["v1", child])
    #expect(SafetyCheck.violations(of: plan).isEmpty)
  }

  @Test func deletingATopNTagIsRefused() {
    let versions = [
      F.version("t1", id: 3, created: F.ago(days: 100)), F.version("t2", id: 2, created: F.ago(days: 110)),
      F.version("t3", id: 1, created: F.ago(days: 120)),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 2, keepDays: 30))
    #expect(plan.deletionNames == ["t3"])
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: "t2")) == [
        "t2 is among the 2 most recent tags but is planned for deletion"
      ])
  }

  @Test func theTopNIgnoresLatestProtectedDigestsAndImplausibleRows() {
    let versions = [
      F.version("latest", id: 9, created: F.ago(days: 100)),
      F.version("corpus-z", id: 8, created: F.ago(days: 100)),
      F.version("future", id: 7, created: F.now.addingTimeInterval(86_400)),
      F.version(F.digest("d"), id: 6, created: F.ago(days: 100)),
      F.version("t1", id: 2, created: F.ago(days: 200)), F.version("t2", id: 1, created: F.ago(days: 210)),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 1, keepDays: 30))
    #expect(plan.decisionsByVersion["t1"] == .keep(.recent(rank: 1, limit: 1)))
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: "t1")) == [
        "t1 is among the 1 most recent tags but is planned for deletion"
      ])
  }

  @Test func deletingAYoungTagIsRefused() {
    let versions = [F.version("t1", id: 2, created: F.ago(days: 5)), F.version("t2", id: 1, created: F.ago(days: 10))]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 1, keepDays: 30))
    #expect(plan.decisionsByVersion["t2"] == .keep(.young(ageDays: 10, keepDays: 30)))
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: "t2")) == [
        "t2 is younger than 30 days but is planned for deletion"
      ])
  }

  @Test func deletingADigestWhenReferencesAreUnknownIsRefused() {
    let digest = F.digest("e")
    let versions = [F.version(digest, id: 1, created: F.ago(days: 300))]
    let plan = makePlan(versions, references: .unknown("manifest read failed"))
    #expect(plan.decisionsByVersion[digest] == .keep(.referencesUnknown))
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: digest)) == [
        "\(digest) is planned for deletion although references are unknown"
      ])
  }

  @Test func deletingAnImplausiblyDatedVersionIsRefused() {
    let versions = [
      F.version("ancient", id: 2, created: Date(timeIntervalSince1970: 0)),
      F.version("future", id: 1, created: F.now.addingTimeInterval(7_200)),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 0, keepDays: 30))
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: "ancient")) == [
        "ancient has an implausible created_at but is planned for deletion"
      ])
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: "future")) == [
        "future has an implausible created_at but is planned for deletion",
        "future is younger than 30 days but is planned for deletion",
      ])
  }

  @Test func anEmptyVersionNameIsNeverDeleted() {
    // The listing refuses empty names and the planner keeps them; the check
    // is the third line of defence.
    let versions = [F.version("", id: 1, created: F.ago(days: 300))]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 0, keepDays: 30))
    #expect(plan.decisionsByVersion[""] == .keep(.notAnImageName))
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: "")) == [
        "a version with an empty name is planned for deletion"
      ])
  }

  @Test(arguments: [".", "..", "a b", "v1\u{1B}[2J", "-v1", ".hidden"])
  func aVersionThatIsNoImageNameIsNeverDeleted(name: String) {
    let versions = [F.version(name, id: 1, created: F.ago(days: 300))]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 0, keepDays: 30))
    #expect(plan.decisionsByVersion[name] == .keep(.notAnImageName))
    #expect(plan.warnings == ["\(PrintableText.quoted(name)) is not an image tag or digest; kept"])
    #expect(
      SafetyCheck.violations(of: plan.tampered(deleting: name)) == [
        "\(PrintableText.quoted(name)) is not an image tag or digest but is planned for deletion"
      ])
    #expect(!PrintableText.quoted(name).contains("\u{1B}"))
  }

  @Test func everyBrokenRuleIsListed() {
    let child = F.digest("f")
    let versions = [
      F.version("latest", id: 4, created: F.ago(days: 1)), F.version("t1", id: 3, created: F.ago(days: 2)),
      F.version(child, id: 1, created: F.ago(days: 3)),
    ]
    let plan = makePlan(versions, policy: makePolicy(keepLatest: 1, keepDays: 30), references: .known(["t1": [child]]))
    var tampered = plan.tampered(deleting: "latest").tampered(deleting: "t1")
    tampered = tampered.tampered(deleting: child)
    #expect(
      SafetyCheck.violations(of: tampered) == [
        "latest is planned for deletion",
        "latest matches keep pattern latest but is planned for deletion",
        "latest is younger than 30 days but is planned for deletion",
        "t1 is younger than 30 days but is planned for deletion",
        "\(child) is younger than 30 days but is planned for deletion",
        "t1 is among the 1 most recent tags but is planned for deletion",
      ])
  }
}
