import Foundation
import Testing

@testable import FakeGitea

@Suite("Routing: raw-path parameters, slash normalisation, plain 404s, optional endpoints")
struct RoutingTests {
  @Test func unmatchedPathsGetGoPlainTextNotFound() {
    let gitea = Fixture.gitea()
    for target in [
      "/api/v1/packages", "/api/v1/packages/alice/container/app/v1/extra", "/api/v1/packages/alice/container",
      "/api/v1/nonsense", "/API/v1/version", "/",
    ] {
      let response = gitea.get(target, token: "alice-read")
      #expect(response.status == 404, "\(target)")
      #expect(response.text == "404 page not found\n", "\(target)")
      #expect(response.header("Content-Type") == "text/plain; charset=utf-8", "\(target)")
    }
  }

  @Test func encodedSlashesStayInsideTheNameSegment() {
    let gitea = Fixture.gitea()
    #expect(gitea.get("/api/v1/packages/acme/container/group%2Fimage/1.0", token: "bob-read").status == 200)
    #expect(gitea.get("/api/v1/packages/acme/container/group%2fimage/1.0/files", token: "bob-read").status == 200)
    let split = gitea.get("/api/v1/packages/acme/container/group/image/1.0", token: "bob-read")
    #expect(split.text == "404 page not found\n")
    // `…/group/image/files` parses as version "image" of package "group".
    let misread = gitea.get("/api/v1/packages/acme/container/group/image/files", token: "bob-read")
    #expect(misread.status == 404)
    #expect(misread.text == apiErrorBody("package does not exist"))
  }

  @Test func namesAndVersionsAreMatchedIgnoringCase() {
    let gitea = Fixture.gitea()
    let response = gitea.get("/api/v1/packages/ALICE/container/App/V1", token: "alice-read")
    #expect(response.status == 200)
    #expect(response.object["version"] as? String == "v1")
    // The type is compared exactly.
    #expect(gitea.get("/api/v1/packages/alice/Container/app/v1", token: "alice-read").status == 404)
  }

  @Test func trailingAndRepeatedSlashesAreRemovedBeforeRouting() {
    let gitea = Fixture.gitea()
    #expect(gitea.get("/api/v1/packages/alice/", token: "alice-read").status == 200)
    #expect(gitea.get("//api//v1/packages/alice//container/app/v1///", token: "alice-read").status == 200)
    #expect(gitea.get("/api/v1/version/").text == "{\"version\":\"1.22.6\"}\n")
  }

  @Test(
    "an empty tag in DELETE …/{name}/ depends on the version",
    arguments: [
      ("gitea-1.22", 404, ["latest", "sha256:aaa", "v1", "v2"]),
      ("gitea-1.24", 405, ["latest", "sha256:aaa", "v1", "v2"]),
      ("gitea-1.26", 204, []),
      ("forgejo-12", 404, ["latest", "sha256:aaa", "v1", "v2"]),
    ])
  func emptyTagDelete(profileName: String, status: Int, remaining: [String]) throws {
    let gitea = Fixture.gitea(try #require(GiteaProfile.named(profileName)))
    let response = gitea.delete("/api/v1/packages/alice/container/app/", token: "alice-write")
    #expect(response.status == status)
    #expect(gitea.versions(owner: "alice", name: "app") == remaining)
    if status == 405 {
      #expect(response.header("Allow") == "GET")
      #expect(response.body.isEmpty)
    }
    if status == 204 {
      #expect(response.body.isEmpty)
      let note = gitea.journal.last?.notes.joined(separator: " ") ?? ""
      #expect(note.contains("deleted the whole package alice/app with 4 version(s)"))
      #expect(note.contains("slash normalisation"))
    }
  }

  @Test func listVersionsExistsFrom124() {
    let old = Fixture.gitea(.gitea1_23)
    #expect(old.get("/api/v1/packages/alice/container/app", token: "alice-read").text == "404 page not found\n")
    let new = Fixture.gitea(.gitea1_24)
    let response = new.get("/api/v1/packages/alice/container/APP", token: "alice-read")
    #expect(response.versionNames == ["sha256:aaa", "latest", "v2", "v1"])
    #expect(response.header("X-Total-Count") == "4")
    let limited = new.get("/api/v1/packages/alice/container/app?limit=3", token: "alice-read")
    #expect(
      limited.header("Link")
        == "<http://gitea.test/api/v1/packages/alice/container/app?limit=3&page=2>; rel=\"next\","
        + "<http://gitea.test/api/v1/packages/alice/container/app?limit=3&page=2>; rel=\"last\"")
    #expect(Fixture.gitea(.forgejo12).get("/api/v1/packages/alice/container/app").status == 404)
  }

  @Test func listVersionsOfAMissingPackage() {
    #expect(Fixture.gitea(.gitea1_25).get("/api/v1/packages/alice/container/nope", token: "alice-read").text == "[]\n")
    let gitea = Fixture.gitea(.gitea1_26)
    let missing = gitea.get("/api/v1/packages/alice/container/nope", token: "alice-read")
    #expect(missing.status == 404)
    #expect(missing.text == apiErrorBody("GetPackageByName: package does not exist"))
    // The package row outlives its last version until the cleanup cron runs.
    #expect(gitea.delete("/api/v1/packages/alice/container/app-preview/pr-1", token: "alice-write").status == 204)
    #expect(gitea.get("/api/v1/packages/alice/container/app-preview", token: "alice-read").text == "[]\n")
    #expect(gitea.removeEmptyPackages() == 1)
    #expect(gitea.get("/api/v1/packages/alice/container/app-preview", token: "alice-read").status == 404)
  }

  @Test func latestReturnsTheHighestIDAndTheProfilesNotFoundBody() {
    let gitea = Fixture.gitea(.gitea1_24)
    let latest = gitea.get("/api/v1/packages/alice/container/app/-/latest", token: "alice-read")
    #expect(latest.object["version"] as? String == "sha256:aaa")
    #expect(latest.object["id"] as? Int == 10)
    let root = "http://gitea.test/api/swagger"
    #expect(
      gitea.get("/api/v1/packages/alice/container/nope/-/latest", token: "alice-read").text
        == "{\"errors\":null,\"message\":\"The target couldn't be found.\",\"url\":\"\(root)\"}\n")
    #expect(
      Fixture.gitea(.gitea1_25).get("/api/v1/packages/alice/container/nope/-/latest", token: "alice-read").text
        == "{\"errors\":null,\"message\":\"not found\",\"url\":\"\(root)\"}\n")
    let main = Fixture.gitea(.giteaMain)
    main.delete("/api/v1/packages/alice/container/app-preview/pr-1", token: "alice-write")
    #expect(
      main.get("/api/v1/packages/alice/container/app-preview/-/latest", token: "alice-read").text
        == "{\"message\":\"not found\",\"url\":\"\(root)\"}\n")
    #expect(
      Fixture.gitea(.gitea1_23).get("/api/v1/packages/alice/container/app/-/latest", token: "alice-read").text
        == "404 page not found\n")
  }

  @Test func theDashSegmentOnlyWinsForLatest() {
    let gitea = Fixture.gitea(.gitea1_24)
    let files = gitea.get("/api/v1/packages/alice/container/app/-/files", token: "alice-read")
    #expect(files.text == apiErrorBody("GetVersionByNameAndVersion: package does not exist"))
    let wrongMethod = gitea.delete("/api/v1/packages/alice/container/app/-/latest", token: "alice-write")
    #expect(wrongMethod.status == 405)
    #expect(wrongMethod.header("Allow") == "GET")
  }

  @Test func otherMethodsOnKnownPathsGet405() {
    let gitea = Fixture.gitea()
    let put = gitea.send("PUT", "/api/v1/packages/alice/container/app/v1", token: "alice-write")
    #expect(put.status == 405)
    #expect(put.headers.filter { $0.name == "Allow" }.map(\.value) == ["GET", "DELETE"])
    #expect(gitea.send("HEAD", "/api/v1/packages/alice").status == 405)
    #expect(gitea.journal.last?.nearMiss?.contains("GET /api/v1/packages/{owner}") == true)
  }

  @Test func malformedEscapesAreABadRequest() {
    let response = Fixture.gitea().get("/api/v1/packages/alice/container/app%zz/v1")
    #expect(response.status == 400)
    #expect(response.text == "400 Bad Request")
  }

  @Test func absoluteFormTargetsAreRoutedByTheirPath() {
    let response = Fixture.gitea().get("http://gitea.test/api/v1/packages/alice?q=app", token: "alice-read")
    #expect(response.header("X-Total-Count") == "5")
  }
}
