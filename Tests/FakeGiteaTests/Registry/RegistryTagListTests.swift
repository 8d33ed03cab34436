import Foundation
import Testing

@testable import FakeGitea

@Suite("OCI registry: tag list and catalog")
struct RegistryTagListTests {
  static let tagSeed = GiteaSeed(
    users: [SeedUser(login: "alice"), SeedUser(login: "hidden", visibility: .private)],
    tokens: [SeedToken(value: "t", user: "alice", scopes: ["read:package"])],
    packages: [
      SeedPackage(
        owner: "alice", name: "group/app",
        versions: ["main", "latest", "v2", "v10", "sha256:" + String(repeating: "e", count: 64)].enumerated().map {
          SeedVersion(version: $0.element, created: RegistryFixture.now.addingTimeInterval(Double($0.offset)))
        }),
      SeedPackage(owner: "alice", name: "zeta", versions: [SeedVersion(version: "1", created: RegistryFixture.now)]),
      SeedPackage(owner: "hidden", name: "secret", versions: [SeedVersion(version: "1", created: RegistryFixture.now)]),
    ])

  let gitea: InMemoryGitea
  let alice: RegistryClient

  init() throws {
    (gitea, _) = RegistryFixture.gitea(seed: Self.tagSeed)
    alice = try RegistryClient.signedIn(gitea, user: "alice", password: "t")
  }

  @Test func tagsAreTheTaggedVersionsInNameOrder() {
    let answer = alice.send("GET", "/v2/alice/group/app/tags/list")
    #expect(answer.status == 200)
    #expect(answer.bodyText == #"{"name":"alice/group/app","tags":["latest","main","v10","v2"]}"# + "\n")
    #expect(answer.headerValue("Link") == nil)
  }

  @Test func pagingFollowsNAndLastWithANextLink() {
    let first = alice.send("GET", "/v2/alice/group/app/tags/list?n=2")
    #expect(first.jsonObject["tags"] as? [String] == ["latest", "main"])
    #expect(first.headerValue("Link") == #"</v2/alice/group/app/tags/list?last=main&n=2>; rel="next""#)
    let second = alice.send("GET", "/v2/alice/group/app/tags/list?last=main&n=2")
    #expect(second.jsonObject["tags"] as? [String] == ["v10", "v2"])
    #expect(second.headerValue("Link") == nil)
    let afterAll = alice.send("GET", "/v2/alice/group/app/tags/list?last=v2")
    #expect(afterAll.bodyText.contains(#""tags":[]"#))
    let invalid = alice.send("GET", "/v2/alice/group/app/tags/list?n=many")
    #expect(invalid.status == 400)
    #expect(invalid.registryErrorCode == "PAGINATION_NUMBER_INVALID")
  }

  @Test func anUnknownRepositoryIsNameUnknown() {
    let answer = alice.send("GET", "/v2/alice/missing/tags/list")
    #expect(answer.status == 404)
    #expect(answer.registryErrorCode == "NAME_UNKNOWN")
  }

  @Test func theCatalogListsReadableRepositoriesWithPaging() throws {
    #expect(
      alice.send("GET", "/v2/_catalog").jsonObject["repositories"] as? [String] == ["alice/group/app", "alice/zeta"])
    let paged = alice.send("GET", "/v2/_catalog?n=1")
    #expect(paged.jsonObject["repositories"] as? [String] == ["alice/group/app"])
    #expect(paged.headerValue("Link") == #"</v2/_catalog?last=alice%2Fgroup%2Fapp&n=1>; rel="next""#)
    let anonymous = try RegistryClient.anonymous(gitea)
    #expect(
      anonymous.send("GET", "/v2/_catalog?last=alice/group/app").jsonObject["repositories"] as? [String] == [
        "alice/zeta"
      ])
  }
}
