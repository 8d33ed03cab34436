import Foundation
import Testing

@testable import FakeGitea

@Suite("The profile catalogue")
struct ProfileTests {
  @Test func namesAreUniqueAndFindable() {
    let names = GiteaProfile.all.map(\.name)
    #expect(Set(names).count == names.count)
    for profile in GiteaProfile.all {
      #expect(GiteaProfile.named(profile.name.uppercased()) == profile)
    }
    #expect(GiteaProfile.named("1.22") == .gitea1_22)
    #expect(GiteaProfile.named("forgejo-v12") == .forgejo12)
    #expect(GiteaProfile.named("gitea-9.9") == nil)
    #expect(GiteaProfile.default.name == "gitea-1.22")
    for required in [
      "gitea-1.17", "gitea-1.19", "gitea-1.20", "gitea-1.21", "gitea-1.22", "gitea-1.23", "gitea-1.24", "gitea-1.25",
      "gitea-1.26", "forgejo-10", "forgejo-11", "forgejo-12",
    ] {
      #expect(names.contains(required), "\(required)")
    }
  }

  @Test func derivedFieldsReadTheTable() {
    let anonymous = GiteaProfile.all.filter(\.allowsAnonymousReads).map(\.name)
    #expect(anonymous == ["gitea-1.17", "gitea-1.18", "forgejo-12"])
    #expect(GiteaProfile.gitea1_17.deleteScopeName == nil)
    #expect(GiteaProfile.gitea1_19.deleteScopeName == "delete:package")
    #expect(GiteaProfile.forgejo10.deleteScopeName == "write:package")
    let custom = GiteaProfile.gitea1_22.deriving("custom", serverVersion: "0.0.1") { $0.tieBreak = .unordered }
    #expect(custom.tieBreak == .unordered)
    #expect(custom.fileSizeKey == GiteaProfile.gitea1_22.fileSizeKey)
  }

  @Test("every profile lists, deletes and reports its version", arguments: GiteaProfile.all)
  func basics(_ profile: GiteaProfile) {
    let gitea = Fixture.gitea(profile)
    #expect(gitea.get("/api/v1/version").text == "{\"version\":\"\(profile.serverVersion)\"}\n")
    let list = gitea.get("/api/v1/packages/alice?type=container&q=app", token: "alice-all")
    #expect(list.status == 200)
    #expect(list.header("X-Total-Count") == "5")
    #expect(list.objects.allSatisfy { ($0["html_url"] != nil) == profile.includesPackageHTMLURL })
    #expect(gitea.delete("/api/v1/packages/alice/container/app/v1", token: "alice-all").status == 204)
    let gone = gitea.get("/api/v1/packages/alice/container/app/v1", token: "alice-all")
    #expect(gone.text == apiErrorBody(profile.versionNotFoundMessage))
  }

  @Test(
    "user objects have the keys of their version",
    arguments: [("gitea-1.17", 20), ("gitea-1.18", 21), ("gitea-1.20", 22), ("gitea-1.22", 23), ("forgejo-12", 24)])
  func userKeys(profileName: String, count: Int) throws {
    let gitea = Fixture.gitea(try #require(GiteaProfile.named(profileName)))
    let owner = gitea.get("/api/v1/packages/alice/container/app/v1", token: "alice-all").object["owner"]
    #expect((owner as? [String: Any])?.count == count)
  }

  @Test func concurrentRequestsAreSerialisedSafely() async {
    let gitea = Fixture.gitea(seed: ListEndpointTests.bulkSeed(count: 200))
    await withTaskGroup(of: Void.self) { group in
      for worker in 0..<8 {
        group.addTask {
          for index in stride(from: worker + 1, through: 200, by: 8) {
            gitea.get("/api/v1/packages/bulk?limit=5", token: "t")
            gitea.delete("/api/v1/packages/bulk/container/app/v\(index)", token: "t")
          }
        }
      }
    }
    #expect(gitea.versions(owner: "bulk", name: "app").isEmpty)
    #expect(gitea.journal.filter { $0.method == "DELETE" }.allSatisfy { $0.status == 204 })
    #expect(gitea.journal.count == 400)
    #expect(gitea.journal.map(\.sequence) == Array(1...400))
  }
}
