import Foundation
import Testing

@testable import FakeGitea

@Suite("DELETE, whole-package DELETE and re-push semantics")
struct DeleteAndPushTests {
  @Test func deletingAVersionAnswers204WithNoBodyThen404() {
    let gitea = Fixture.gitea()
    let response = gitea.delete("/api/v1/packages/alice/container/app/v1", token: "alice-write")
    #expect(response.status == 204)
    #expect(response.body.isEmpty)
    #expect(response.header("Content-Type") == nil)
    #expect(gitea.get("/api/v1/packages/alice/container/app/v1", token: "alice-read").status == 404)
    #expect(gitea.get("/api/v1/packages/alice/container/app/v2", token: "alice-read").status == 200)
    let again = gitea.delete("/api/v1/packages/alice/container/app/v1", token: "alice-write")
    #expect(again.text == apiErrorBody("package does not exist"))
    #expect(gitea.versions(owner: "alice", name: "app") == ["latest", "sha256:aaa", "v2"])
  }

  @Test func deletingADigestThatAnIndexReferencesSucceeds() {
    let gitea = Fixture.gitea()
    #expect(gitea.delete("/api/v1/packages/alice/container/app/sha256:aaa", token: "alice-write").status == 204)
    let latest = gitea.allPackages().first { $0.name == "app" }?.versions.first { $0.version == "latest" }
    #expect(latest?.children == ["sha256:aaa"])
  }

  @Test(
    "the 404 message for a missing version follows the profile",
    arguments: [
      ("gitea-1.23", "package does not exist"),
      ("gitea-1.24", "GetVersionByNameAndVersion: package does not exist"),
      ("gitea-1.26", "GetVersionByNameAndVersion: package does not exist"),
      ("forgejo-12", "package does not exist"),
    ])
  func missingVersionMessage(profileName: String, message: String) throws {
    let gitea = Fixture.gitea(try #require(GiteaProfile.named(profileName)))
    let response = gitea.delete("/api/v1/packages/alice/container/app/v9", token: "alice-write")
    #expect(response.status == 404)
    #expect(response.text == apiErrorBody(message))
  }

  @Test func gitea126LooksThePackageUpFirst() {
    let gitea = Fixture.gitea(.gitea1_26)
    let response = gitea.delete("/api/v1/packages/alice/container/ghost/v1", token: "alice-write")
    #expect(response.text == apiErrorBody("GetPackageByName: package does not exist"))
  }

  @Test func repushingATagReplacesTheRow() {
    let gitea = Fixture.gitea()
    #expect(gitea.get("/api/v1/packages/alice/container/app/v1", token: "alice-read").object["id"] as? Int == 1)
    let outcome = gitea.push(owner: "alice", name: "app", version: "V1", created: Fixture.at(7200))
    #expect(outcome.replacedID == 1)
    #expect(outcome.keptIdentity == false)
    #expect(outcome.id == 11)
    let after = gitea.get("/api/v1/packages/alice/container/app/v1", token: "alice-read").object
    #expect(after["id"] as? Int == 11)
    #expect(after["created_at"] as? String == "2026-05-24T18:07:50Z")
    #expect(gitea.get("/api/v1/packages/alice?q=app", token: "alice-read").versionNames.first == "v1")
  }

  @Test func theGitea1251BugKeepsIDAndCreatedAt() {
    let gitea = Fixture.gitea(.gitea1_25_1)
    let outcome = gitea.push(owner: "alice", name: "app", version: "v1", created: Fixture.at(7200))
    #expect(outcome.keptIdentity)
    #expect(outcome.id == 1)
    let after = gitea.get("/api/v1/packages/alice/container/app/v1", token: "alice-read").object
    #expect(after["id"] as? Int == 1)
    #expect(after["created_at"] as? String == "2026-05-24T16:07:50Z")
    #expect(gitea.get("/api/v1/packages/alice?q=app", token: "alice-read").versionNames.last == "v1")
  }

  @Test func containerNamesAndTagsAreStoredLowerCased() {
    let gitea = Fixture.gitea()
    gitea.push(owner: "carol", name: "Team/Service", version: "RC-1", created: Fixture.at(0))
    #expect(gitea.versions(owner: "carol", name: "team/service") == ["rc-1"])
    #expect(gitea.allPackages().last?.name == "team/service")
    gitea.push(owner: "carol", type: "generic", name: "Tool", version: "Beta", created: Fixture.at(0))
    #expect(gitea.versions(owner: "carol", type: "generic", name: "tool") == ["Beta"])
  }

  @Test func resetRestoresTheSeedAndForgetsRequests() {
    let gitea = Fixture.gitea()
    gitea.delete("/api/v1/packages/alice/container/app/v1", token: "alice-write")
    gitea.reset(seed: Fixture.seed)
    #expect(gitea.versions(owner: "alice", name: "app") == ["latest", "sha256:aaa", "v1", "v2"])
    #expect(gitea.journal.isEmpty)
  }
}
