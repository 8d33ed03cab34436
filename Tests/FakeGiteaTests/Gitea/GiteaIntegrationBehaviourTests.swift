import Foundation
import Testing

@testable import FakeGitea

/// The behaviours Gitea's own integration tests (`api_packages_test.go`,
/// `api_packages_container_test.go`) assert about the REST endpoints, run
/// against the fake.
@Suite("Behaviours from Gitea's integration tests")
struct GiteaIntegrationBehaviourTests {
  static let seed = GiteaSeed(
    users: [SeedUser(login: "user2")],
    tokens: [
      SeedToken(value: "read", user: "user2", scopes: ["read:package"]),
      SeedToken(value: "write", user: "user2", scopes: ["write:package"]),
    ])

  static func uploaded(_ profile: GiteaProfile = .gitea1_26) -> InMemoryGitea {
    let gitea = Fixture.gitea(profile, seed: seed)
    gitea.push(owner: "user2", type: "generic", name: "test-package", version: "1.0.0", created: Fixture.at(0))
    return gitea
  }

  @Test func listingAfterOneUploadHasOneEntryCreatedByTheUploader() {
    let rows = Self.uploaded().get("/api/v1/packages/user2", token: "read").objects
    #expect(rows.count == 1)
    #expect(rows.first?["type"] as? String == "generic")
    #expect(rows.first?["name"] as? String == "test-package")
    #expect(rows.first?["version"] as? String == "1.0.0")
    #expect((rows.first?["creator"] as? [String: Any])?["login"] as? String == "user2")
  }

  @Test func getOneVersionWithUnknownAndCorrectType() {
    let gitea = Self.uploaded()
    #expect(gitea.get("/api/v1/packages/user2/dummy/test-package/1.0.0", token: "read").status == 404)
    let body = gitea.get("/api/v1/packages/user2/generic/test-package/1.0.0", token: "read")
    #expect(body.status == 200)
    #expect(body.object["name"] as? String == "test-package")
    #expect((body.object["creator"] as? [String: Any])?["id"] as? Int == 1)
  }

  @Test func deleteWholePackageThenListVersionsIs404() {
    let gitea = Self.uploaded()
    gitea.push(owner: "user2", type: "generic", name: "test-package", version: "1.0.2", created: Fixture.at(1))
    #expect(gitea.delete("/api/v1/packages/user2/generic/test-package", token: "write").status == 204)
    #expect(gitea.get("/api/v1/packages/user2/generic/test-package", token: "read").status == 404)
  }

  @Test func deleteOneVersionLeavesTheOther() {
    let gitea = Self.uploaded()
    gitea.push(owner: "user2", type: "generic", name: "test-package", version: "1.0.2", created: Fixture.at(1))
    #expect(gitea.delete("/api/v1/packages/user2/generic/test-package/1.0.0", token: "write").status == 204)
    #expect(gitea.get("/api/v1/packages/user2/generic/test-package/1.0.0", token: "read").status == 404)
    #expect(gitea.get("/api/v1/packages/user2/generic/test-package/1.0.2", token: "read").status == 200)
  }

  @Test func listVersionsAndLatest() {
    let gitea = Self.uploaded(.gitea1_24)
    gitea.push(owner: "user2", type: "generic", name: "test-package", version: "1.0.2", created: Fixture.at(1))
    gitea.push(owner: "user2", type: "generic", name: "test-package-other", version: "9", created: Fixture.at(2))
    let versions = gitea.get("/api/v1/packages/user2/generic/test-package", token: "read")
    #expect(versions.versionNames == ["1.0.2", "1.0.0"])
    #expect(Set(versions.objects.compactMap { $0["name"] as? String }) == ["test-package"])
    let latest = gitea.get("/api/v1/packages/user2/generic/test-package/-/latest", token: "read")
    #expect(latest.object["version"] as? String == "1.0.2")
  }

  @Test func filesOfAnEmptyUpload() {
    let gitea = Self.uploaded()
    #expect(gitea.get("/api/v1/packages/user2/dummy/test-package/1.0.0/files", token: "read").status == 404)
    let files = gitea.get("/api/v1/packages/user2/generic/test-package/1.0.0/files", token: "read").objects
    #expect(files.count == 1)
    #expect(files.first?["size"] as? Int == 0)
    #expect(files.first?["md5"] as? String == "d41d8cd98f00b204e9800998ecf8427e")
    #expect(files.first?["sha1"] as? String == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(files.first?["sha256"] as? String == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(files.first?["sha512"] as? String == ContentHashes.ofEmptyContent.sha512)
  }

  @Test func deleteWithAWriteToken() {
    let gitea = Self.uploaded()
    #expect(gitea.delete("/api/v1/packages/user2/dummy/test-package/1.0.0", token: "write").status == 404)
    #expect(gitea.delete("/api/v1/packages/user2/generic/test-package/1.0.0", token: "write").status == 204)
  }

  @Test func containerListFilteredByTypeAndQueryIncludesTheDigest() {
    let gitea = Fixture.gitea(seed: Self.seed)
    let index = ManifestRecord(mediaType: "application/vnd.oci.image.index.v1+json", bytes: Data("index".utf8))
    let child = ContentHashes.sha256Digest(of: Data("child".utf8))
    gitea.push(owner: "user2", name: "test", version: "latest", created: Fixture.at(0))
    gitea.push(owner: "user2", name: "test", version: "main", created: Fixture.at(1))
    gitea.push(owner: "user2", name: "test", version: child, created: Fixture.at(2))
    gitea.push(
      owner: "user2", name: "test", version: "multi", created: Fixture.at(2), children: [child], manifest: index)
    let rows = gitea.get("/api/v1/packages/user2?type=container&q=test", token: "read")
    #expect(rows.objects.count == 4)
    #expect(Set(rows.versionNames) == ["latest", "main", "multi", child])

    let before = gitea.allPackages().first?.versions.first { $0.version == "multi" }
    let again = gitea.push(owner: "user2", name: "test", version: "multi", children: [child], manifest: index)
    #expect(again.id != before?.id)
    #expect(again.replacedID == before?.id)
    #expect(
      gitea.withStore { $0.versionsWithManifestDigest(owner: "user2", name: "test", digest: index.digest) }.count == 1)
  }
}

@Suite("Route extensions")
struct RouteExtensionTests {
  struct Catalog: GiteaRouteExtension {
    func response(to request: ServerRequest, store: inout GiteaStore, context: GiteaRequestContext) -> ServerResponse? {
      guard context.pathSegments?.first == "v2" else { return nil }
      guard let user = context.authentication.user else {
        return ServerResponse(status: 401, headers: [HeaderField("WWW-Authenticate", "Bearer realm=\"x\"")])
      }
      store.push(owner: user.login, name: "pushed-by-extension", version: "1", created: context.now)
      return .text(200, "hello \(user.login) on \(context.profile.name)", contentType: "text/plain")
    }
  }

  @Test func extensionsSeeTheStoreAndTheDoer() {
    let gitea = Fixture.gitea { $0.routeExtensions = [Catalog()] }
    #expect(gitea.get("/v2/").status == 401)
    let answer = gitea.get("/v2/_catalog", token: "bob-read")
    #expect(answer.text == "hello bob on gitea-1.22")
    #expect(gitea.versions(owner: "bob", name: "pushed-by-extension") == ["1"])
    #expect(gitea.get("/api/v1/packages/bob", token: "bob-read").versionNames == ["1"])
    #expect(gitea.journal[1].notes == ["answered by Catalog"])
  }
}
