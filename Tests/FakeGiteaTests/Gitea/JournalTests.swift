import Foundation
import Testing

@testable import FakeGitea

@Suite("Journal: redaction, routes and near-miss hints")
struct JournalTests {
  @Test func secretsNeverReachTheJournal() {
    let gitea = Fixture.gitea()
    gitea.get(
      "/api/v1/packages/alice?q=app", token: "alice-read", headers: [HeaderField("User-Agent", "registry-gc/1.0")])
    gitea.get("/api/v1/packages/alice?token=alice-read&q=app&access_token=alice-write")
    gitea.get("/api/v1/version", headers: [HeaderField("Authorization", "Basic YWxpY2U6YWxpY2UtcmVhZA==")])
    gitea.get("/api/v1/version", headers: [HeaderField("Authorization", "Bearer alice-read")])
    gitea.get("/api/v1/version", headers: [HeaderField("Authorization", "alice-read")])
    let journal = gitea.journal
    #expect(journal.map(\.authorization) == ["token ***", nil, "Basic ***", "Bearer ***", "***"])
    #expect(journal[1].target == "/api/v1/packages/alice?token=***&q=app&access_token=***")
    #expect(journal[0].userAgent == "registry-gc/1.0")
    #expect(journal[0].route == "GET /api/v1/packages/{owner}")
    #expect(journal.map(\.sequence) == [1, 2, 3, 4, 5])
    let everything = journal.map { "\($0)" }.joined()
    #expect(!everything.contains("alice-read"))
    #expect(!everything.contains("YWxpY2U6YWxpY2UtcmVhZA=="))
  }

  @Test func entriesRecordDecodedPathsAndStatuses() {
    let gitea = Fixture.gitea()
    gitea.get("/api/v1/packages/acme/container/group%2Fimage/1.0/", token: "bob-read")
    let entry = gitea.journal[0]
    #expect(entry.method == "GET")
    #expect(entry.target == "/api/v1/packages/acme/container/group%2Fimage/1.0/")
    #expect(entry.path == "/api/v1/packages/acme/container/group/image/1.0")
    #expect(entry.status == 200)
    #expect(entry.route == "GET /api/v1/packages/{owner}/{type}/{name}/{version}")
    #expect(entry.nearMiss == nil)
  }

  @Test func theVersionsRouteMistakeIsExplained() {
    let old = Fixture.gitea()
    old.get("/api/v1/packages/o/container/app/versions", token: "alice-read")
    old.get("/api/v1/packages/alice/container/app/versions", token: "alice-read")
    #expect(old.journal[0].nearMiss == "no user or organisation is called \"o\"")
    #expect(
      old.journal[1].nearMiss
        == "matched GET /api/v1/packages/{owner}/{type}/{name}/{version} with version=\"versions\"; "
        + "to list versions use GET /api/v1/packages/{owner}?type=container&q=app")
    let new = Fixture.gitea(.gitea1_24)
    new.get("/api/v1/packages/alice/container/app/versions", token: "alice-read")
    #expect(
      new.journal[0].nearMiss
        == "matched GET /api/v1/packages/{owner}/{type}/{name}/{version} with version=\"versions\"; "
        + "to list versions use GET /api/v1/packages/{owner}?type=container&q=app "
        + "or GET /api/v1/packages/{owner}/container/app")
  }

  @Test func missingVersionsAndPackagesAreDescribed() {
    let gitea = Fixture.gitea()
    gitea.delete("/api/v1/packages/alice/container/app/v9", token: "alice-write")
    gitea.get("/api/v1/packages/alice/container/tools/1.0", token: "alice-read")
    gitea.get("/api/v1/packages/acme/container/group/image", token: "bob-read")
    let hints = gitea.journal.map { $0.nearMiss ?? "" }
    #expect(hints[0].hasSuffix("; container package \"app\" has no version \"v9\" (it has 4 versions)"))
    #expect(hints[1].hasSuffix("; alice has no container package \"tools\", only one of type generic"))
    #expect(hints[2].contains("package \"group/image\" exists: send its name as group%2Fimage"))
  }

  @Test func unmatchedPathsNameTheClosestRoute() {
    let gitea = Fixture.gitea()
    gitea.get("/api/v1/packages/alice/container/app/v1/x", token: "alice-read")
    gitea.get("/api/v1/packages/alice/container/app", token: "alice-read")
    gitea.delete("/api/v1/packages/acme/container/group/image/1.0", token: "alice-write")
    gitea.get("/api/v2/packages", token: "alice-read")
    let hints = gitea.journal.map { $0.nearMiss ?? "" }
    #expect(
      hints[0]
        == "no route matches GET /api/v1/packages/alice/container/app/v1/x; closest is "
        + "GET /api/v1/packages/{owner}/{type}/{name}/{version}/files, which diverges at segment 8 "
        + "(\"x\" where \"files\" was expected)")
    #expect(
      hints[1]
        == "GET /api/v1/packages/{owner}/{type}/{name} exists only in Gitea 1.24 and later (never Forgejo); "
        + "gitea-1.22 (1.22.6) has no such route; to list versions use GET /api/v1/packages/{owner}?type=container&q=app"
    )
    #expect(
      hints[2]
        == "package name \"group/image\" contains '/': send it as group%2Fimage so that it stays one path segment")
    #expect(
      hints[3].hasPrefix(
        "no route matches GET /api/v2/packages; closest is GET /api/v1/version, which diverges at segment 2"))
  }

  @Test func clearingTheJournalKeepsTheData() {
    let gitea = Fixture.gitea()
    gitea.delete("/api/v1/packages/alice/container/app/v1", token: "alice-write")
    #expect(gitea.journal.first?.notes == ["deleted version \"v1\" (id 1) of alice/app"])
    gitea.clearJournal()
    #expect(gitea.journal.isEmpty)
    #expect(!gitea.versions(owner: "alice", name: "app").contains("v1"))
  }
}
