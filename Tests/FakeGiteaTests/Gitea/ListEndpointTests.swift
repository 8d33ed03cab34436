import Foundation
import Testing

@testable import FakeGitea

@Suite("GET /api/v1/packages/{owner}: filters, paging, order and headers")
struct ListEndpointTests {
  /// Three versions pushed in the same second, with names chosen so that
  /// name order, id order and reverse id order all differ.
  static let tiedSeed = GiteaSeed(
    tokens: [SeedToken(value: "t", user: "alice", scopes: ["read:package"])],
    packages: [
      SeedPackage(owner: "alice", name: "zeta", versions: [SeedVersion(version: "x", created: Fixture.at(0))]),
      SeedPackage(
        owner: "alice", name: "alpha",
        versions: [
          SeedVersion(version: "y", created: Fixture.at(0)), SeedVersion(version: "z", created: Fixture.at(0)),
        ]),
      SeedPackage(owner: "alice", name: "older", versions: [SeedVersion(version: "o", created: Fixture.at(-1))]),
    ])

  @Test(
    "ties in created_at follow the profile's tie-breaker",
    arguments: [
      ("gitea-1.21", ["y", "z", "x", "o"]),
      ("gitea-1.22", ["x", "y", "z", "o"]),
      ("gitea-1.23.7", ["x", "y", "z", "o"]),
      ("gitea-1.23", ["z", "y", "x", "o"]),
      ("forgejo-11", ["x", "y", "z", "o"]),
      ("forgejo-12", ["z", "y", "x", "o"]),
    ])
  func tieBreak(profileName: String, expected: [String]) throws {
    let profile = try #require(GiteaProfile.named(profileName))
    let gitea = Fixture.gitea(profile, seed: Self.tiedSeed)
    let response = gitea.get("/api/v1/packages/alice", token: "t")
    #expect(response.status == 200)
    #expect(response.versionNames == expected)
    #expect(
      response.objects.compactMap { $0["id"] as? Int } == expected.map { ["o": 1, "x": 2, "y": 3, "z": 4][$0] ?? 0 })
  }

  @Test func versionIDsFollowPushTimeNotSeedOrder() {
    let gitea = Fixture.gitea(seed: Self.tiedSeed)
    let ids = Dictionary(uniqueKeysWithValues: gitea.allPackages().flatMap(\.versions).map { ($0.version, $0.id) })
    #expect(ids == ["o": 1, "x": 2, "y": 3, "z": 4])
  }

  @Test func qIsASubstringLikeOnPackageNamesOnly() {
    let gitea = Fixture.gitea()
    let app = gitea.get("/api/v1/packages/alice?type=container&q=app", token: "alice-read")
    #expect(app.versionNames == ["latest", "sha256:aaa", "v2", "pr-1", "v1"])
    #expect(app.header("X-Total-Count") == "5")
    #expect(gitea.get("/api/v1/packages/alice?q=%20APP%20", token: "alice-read").versionNames.count == 5)
    #expect(gitea.get("/api/v1/packages/alice?q=pr-1", token: "alice-read").versionNames == [])
    #expect(gitea.get("/api/v1/packages/alice?q=%25preview", token: "alice-read").versionNames == ["pr-1"])
    #expect(gitea.get("/api/v1/packages/alice?q=app%25", token: "alice-read").versionNames.count == 5)
    #expect(gitea.get("/api/v1/packages/alice?q=a_p", token: "alice-read").versionNames.count == 5)
    #expect(gitea.get("/api/v1/packages/alice?q=app-&type=container", token: "alice-read").versionNames == ["pr-1"])
  }

  @Test func typeIsAnUnvalidatedExactFilter() {
    let gitea = Fixture.gitea()
    let unknown = gitea.get("/api/v1/packages/alice?type=npm", token: "alice-read")
    #expect(unknown.status == 200)
    #expect(unknown.text == "[]\n")
    #expect(unknown.header("X-Total-Count") == "0")
    #expect(unknown.header("Link") == nil)
    #expect(unknown.header("Access-Control-Expose-Headers") == "X-Total-Count")
    #expect(gitea.get("/api/v1/packages/alice?type=generic", token: "alice-read").versionNames == ["1.0"])
    #expect(gitea.get("/api/v1/packages/alice?type=Container", token: "alice-read").versionNames == [])
    #expect(gitea.get("/api/v1/packages/alice", token: "alice-read").header("X-Total-Count") == "6")
    #expect(gitea.get("/api/v1/packages/alice?type=all", token: "alice-read").header("X-Total-Count") == "6")
  }

  static func bulkSeed(count: Int) -> GiteaSeed {
    GiteaSeed(
      tokens: [SeedToken(value: "t", user: "bulk", scopes: ["write:package"])],
      packages: [
        SeedPackage(
          owner: "bulk", name: "app",
          versions: (1...count).map { SeedVersion(version: "v\($0)", created: Fixture.at(TimeInterval($0))) })
      ])
  }

  @Test func pageSizeDefaultsTo30AndIsCappedAt50() {
    let gitea = Fixture.gitea(seed: Self.bulkSeed(count: 60))
    #expect(gitea.get("/api/v1/packages/bulk", token: "t").objects.count == 30)
    #expect(gitea.get("/api/v1/packages/bulk?limit=0", token: "t").objects.count == 30)
    #expect(gitea.get("/api/v1/packages/bulk?limit=-5", token: "t").objects.count == 30)
    #expect(gitea.get("/api/v1/packages/bulk?limit=ten", token: "t").objects.count == 30)
    #expect(gitea.get("/api/v1/packages/bulk?limit=7", token: "t").objects.count == 7)
    let capped = gitea.get("/api/v1/packages/bulk?type=container&limit=100", token: "t")
    #expect(capped.objects.count == 50)
    #expect(capped.versionNames.first == "v60")
    #expect(capped.versionNames.last == "v11")
    #expect(
      capped.header("Link")
        == "<http://gitea.test/api/v1/packages/bulk?limit=100&page=2&type=container>; rel=\"next\","
        + "<http://gitea.test/api/v1/packages/bulk?limit=100&page=2&type=container>; rel=\"last\"")
    #expect(capped.header("X-Total-Count") == "60")
    #expect(capped.header("Access-Control-Expose-Headers") == "Link, X-Total-Count")
  }

  @Test func pagesBelowOneAreTheFirstAndPagesPastTheEndAreEmpty() {
    let gitea = Fixture.gitea(seed: Self.bulkSeed(count: 60))
    let zero = gitea.get("/api/v1/packages/bulk?page=0&limit=50", token: "t")
    #expect(zero.versionNames.first == "v60")
    #expect(gitea.get("/api/v1/packages/bulk?page=-3&limit=50", token: "t").versionNames.first == "v60")
    let second = gitea.get("/api/v1/packages/bulk?page=2&limit=50", token: "t")
    #expect(second.versionNames == (1...10).reversed().map { "v\($0)" })
    #expect(
      second.header("Link")
        == "<http://gitea.test/api/v1/packages/bulk?limit=50&page=1>; rel=\"first\","
        + "<http://gitea.test/api/v1/packages/bulk?limit=50&page=1>; rel=\"prev\"")
    let past = gitea.get("/api/v1/packages/bulk?page=9&limit=50", token: "t")
    #expect(past.status == 200)
    #expect(past.text == "[]\n")
    #expect(past.header("X-Total-Count") == "60")
    // The paginator clamps page 9 to the last page (2) before building links.
    #expect(past.header("Link") == second.header("Link"))
  }

  @Test func middlePagesLinkEverywhereAndKeepOtherParameters() {
    let gitea = Fixture.gitea(seed: Self.bulkSeed(count: 60))
    let response = gitea.get("/api/v1/packages/bulk?q=app&limit=20&page=2&type=container&zz=a+b%2Fc", token: "t")
    #expect(response.status == 200)
    let base = "http://gitea.test/api/v1/packages/bulk?limit=20"
    #expect(
      response.header("Link")
        == "<\(base)&page=3&q=app&type=container&zz=a+b%2Fc>; rel=\"next\","
        + "<\(base)&page=3&q=app&type=container&zz=a+b%2Fc>; rel=\"last\","
        + "<\(base)&page=1&q=app&type=container&zz=a+b%2Fc>; rel=\"first\","
        + "<\(base)&page=1&q=app&type=container&zz=a+b%2Fc>; rel=\"prev\"")
  }

  @Test func linkUsesTheCurrentRootURL() {
    let gitea = Fixture.gitea(seed: Self.bulkSeed(count: 31))
    gitea.setRootURL("http://127.0.0.1:4321")
    let response = gitea.get("/api/v1/packages/bulk", token: "t")
    #expect(
      response.header("Link")
        == "<http://127.0.0.1:4321/api/v1/packages/bulk?page=2>; rel=\"next\","
        + "<http://127.0.0.1:4321/api/v1/packages/bulk?page=2>; rel=\"last\"")
  }

  @Test func internalVersionsAreNeverListedOrFound() {
    var seed = Fixture.seed
    seed.packages[0].versions.append(SeedVersion(version: "_upload", created: Fixture.at(500), isInternal: true))
    let gitea = Fixture.gitea(seed: seed)
    let list = gitea.get("/api/v1/packages/alice?q=app", token: "alice-read")
    #expect(!list.versionNames.contains("_upload"))
    #expect(list.header("X-Total-Count") == "5")
    #expect(gitea.get("/api/v1/packages/alice/container/app/_upload", token: "alice-read").status == 404)
    #expect(gitea.versions(owner: "alice", name: "app") == ["latest", "sha256:aaa", "v1", "v2"])
  }

  @Test func aLargeStoreServesTheRightSlice() {
    let gitea = Fixture.gitea(seed: Self.bulkSeed(count: 10_000))
    let page = gitea.get("/api/v1/packages/bulk?page=200&limit=50&type=container&q=app", token: "t")
    #expect(page.versionNames == (1...50).reversed().map { "v\($0)" })
    #expect(page.header("X-Total-Count") == "10000")
    gitea.push(owner: "bulk", name: "other", version: "x", created: Fixture.at(20_000))
    let filtered = gitea.get("/api/v1/packages/bulk?q=app&limit=1", token: "t")
    #expect(filtered.versionNames == ["v10000"])
    #expect(gitea.get("/api/v1/packages/bulk?limit=1", token: "t").versionNames == ["x"])
  }
}
