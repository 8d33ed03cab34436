import Foundation
import Testing

@testable import FakeGitea

@Suite("Package, User and PackageFile JSON per profile")
struct PackageJSONTests {
  static let aliceAvatar = "http://gitea.test/avatars/6384e2b2184bcbf58eccf10ca7a6563c"

  @Test func gitea117AnonymousBodyIsByteExact() {
    let gitea = Fixture.gitea(.gitea1_17)
    let response = gitea.get("/api/v1/packages/alice/container/app/v1")
    let alice =
      "{\"id\":1,\"login\":\"alice\",\"full_name\":\"\",\"email\":\"alice@noreply.gitea.test\","
      + "\"avatar_url\":\"\(Self.aliceAvatar)\",\"language\":\"\",\"is_admin\":false,"
      + "\"last_login\":\"0001-01-01T00:00:00Z\",\"created\":\"2020-01-01T00:00:00Z\",\"restricted\":false,"
      + "\"active\":false,\"prohibit_login\":false,\"location\":\"\",\"website\":\"\",\"description\":\"\","
      + "\"visibility\":\"public\",\"followers_count\":0,\"following_count\":0,\"starred_repos_count\":0,"
      + "\"username\":\"alice\"}"
    let expected =
      "{\"id\":1,\"owner\":\(alice),\"repository\":null,\"creator\":\(alice),\"type\":\"container\","
      + "\"name\":\"app\",\"version\":\"v1\",\"created_at\":\"2026-05-24T16:07:50Z\"}\n"
    #expect(response.status == 200)
    #expect(response.text == expected)
    #expect(response.header("Content-Type") == "application/json;charset=utf-8")
  }

  @Test func gitea122SignedInBodyUsesTheZoneAndFullUserKeys() {
    let gitea = Fixture.gitea { $0.timeZoneOffsetSeconds = -4 * 3600 }
    let response = gitea.get("/api/v1/packages/alice/container/app/v2", token: "bob-read")
    let alice =
      "{\"id\":1,\"login\":\"alice\",\"login_name\":\"\",\"source_id\":0,\"full_name\":\"\","
      + "\"email\":\"alice@example.test\",\"avatar_url\":\"\(Self.aliceAvatar)\",\"html_url\":\"http://gitea.test/alice\","
      + "\"language\":\"\",\"is_admin\":false,\"last_login\":\"0001-01-01T00:00:00Z\","
      + "\"created\":\"2019-12-31T20:00:00-04:00\",\"restricted\":false,\"active\":false,\"prohibit_login\":false,"
      + "\"location\":\"\",\"website\":\"\",\"description\":\"\",\"visibility\":\"public\",\"followers_count\":0,"
      + "\"following_count\":0,\"starred_repos_count\":0,\"username\":\"alice\"}"
    let expected =
      "{\"id\":8,\"owner\":\(alice),\"repository\":null,\"creator\":\(alice),\"type\":\"container\","
      + "\"name\":\"app\",\"version\":\"v2\",\"html_url\":\"http://gitea.test/alice/-/packages/container/app/v2\","
      + "\"created_at\":\"2026-05-24T12:08:50-04:00\"}\n"
    #expect(response.text == expected)
  }

  @Test func forgejoAddsPronounsAndEscapesSlashesInHTMLURL() {
    let gitea = Fixture.gitea(.forgejo12)
    let response = gitea.get("/api/v1/packages/acme/container/group%2Fimage/1.0")
    #expect(response.status == 200)
    let acme =
      "{\"id\":6,\"login\":\"acme\",\"login_name\":\"\",\"source_id\":0,\"full_name\":\"\","
      + "\"email\":\"acme@noreply.gitea.test\",\"avatar_url\":\"http://gitea.test/avatars/"
      + MD5.hexDigest(Data("acme".utf8)) + "\",\"html_url\":\"http://gitea.test/acme\",\"language\":\"\","
      + "\"is_admin\":false,\"last_login\":\"0001-01-01T00:00:00Z\",\"created\":\"2020-01-01T00:00:00Z\","
      + "\"restricted\":false,\"active\":false,\"prohibit_login\":false,\"location\":\"\",\"website\":\"\","
      + "\"description\":\"\",\"pronouns\":\"\",\"visibility\":\"public\",\"followers_count\":0,"
      + "\"following_count\":0,\"starred_repos_count\":0,\"username\":\"acme\"}"
    let expected =
      "{\"id\":2,\"owner\":\(acme),\"repository\":null,\"creator\":\(acme),\"type\":\"container\","
      + "\"name\":\"group/image\",\"version\":\"1.0\","
      + "\"html_url\":\"http://gitea.test/acme/-/packages/container/group%2Fimage/1.0\","
      + "\"created_at\":\"2026-05-24T16:07:55Z\"}\n"
    #expect(response.text == expected)
  }

  @Test func privateDetailsAreShownToTheUserThemselfAndToAdmins() {
    let gitea = Fixture.gitea()
    let asSelf = gitea.get("/api/v1/packages/alice/container/app/v1", token: "alice-read").object
    let owner = asSelf["owner"] as? [String: Any] ?? [:]
    #expect(owner["active"] as? Bool == true)
    #expect(owner["last_login"] as? String == "2020-01-01T00:00:00Z")
    #expect(owner["email"] as? String == "alice@example.test")

    let asAdmin = gitea.get("/api/v1/packages/alice/container/app/v1", token: "root-write").object
    #expect((asAdmin["owner"] as? [String: Any])?["active"] as? Bool == true)

    gitea.push(owner: "root", name: "tooling", version: "1", created: Fixture.at(0))
    let adminOwner = gitea.get("/api/v1/packages/root/container/tooling/1", token: "root-write").object
    #expect((adminOwner["owner"] as? [String: Any])?["is_admin"] as? Bool == true)
    let seenByBob = gitea.get("/api/v1/packages/root/container/tooling/1", token: "bob-read").object
    #expect((seenByBob["owner"] as? [String: Any])?["is_admin"] as? Bool == false)
  }

  @Test func creatorIsThePusher() {
    let gitea = Fixture.gitea()
    gitea.push(owner: "acme", name: "group/image", version: "2.0", creator: "alice")
    let body = gitea.get("/api/v1/packages/acme/container/group%2Fimage/2.0", token: "bob-read").object
    #expect((body["owner"] as? [String: Any])?["login"] as? String == "acme")
    #expect((body["creator"] as? [String: Any])?["login"] as? String == "alice")
    #expect(body["created_at"] as? String == "2026-05-24T17:07:50Z")
  }

  @Test(
    "the file size key follows the profile",
    arguments: [("gitea-1.23", "Size"), ("gitea-1.24", "size"), ("forgejo-12", "Size")])
  func fileSizeKey(profileName: String, key: String) throws {
    let profile = try #require(GiteaProfile.named(profileName))
    let gitea = Fixture.gitea(profile)
    let empty = ContentHashes.ofEmptyContent
    let expected =
      "[{\"id\":1,\"\(key)\":0,\"name\":\"manifest.json\",\"md5\":\"\(empty.md5)\",\"sha1\":\"\(empty.sha1)\","
      + "\"sha256\":\"\(empty.sha256)\",\"sha512\":\"\(empty.sha512)\"}]\n"
    #expect(gitea.get("/api/v1/packages/alice/container/app/v1/files", token: "alice-read").text == expected)
  }

  @Test func manifestFilesCarryTheManifestHashes() {
    let gitea = Fixture.gitea()
    let bytes = Data(#"{"schemaVersion":2}"#.utf8)
    let manifest = ManifestRecord(mediaType: "application/vnd.oci.image.manifest.v1+json", bytes: bytes)
    let blob = PackageFileContent(name: "sha256_abc", size: 42, hashes: ContentHashes(of: Data("layer".utf8)))
    gitea.withStore { store in
      _ = store.push(
        owner: "alice", name: "app", version: "v3", created: Fixture.at(9), manifest: manifest, extraFiles: [blob])
    }
    let files = gitea.get("/api/v1/packages/alice/container/app/v3/files", token: "alice-read").objects
    #expect(files.map { $0["name"] as? String } == ["manifest.json", "sha256_abc"])
    #expect(files.first?["sha256"] as? String == String(manifest.digest.dropFirst("sha256:".count)))
    #expect(files.first?["Size"] as? Int == bytes.count)
    #expect(files.last?["Size"] as? Int == 42)
  }

  @Test func genericPackagesListOneEmptyFile() {
    let gitea = Fixture.gitea()
    let files = gitea.get("/api/v1/packages/alice/generic/tools/1.0/files", token: "alice-read").objects
    #expect(files.count == 1)
    #expect(files.first?["name"] as? String == "file.bin")
    #expect(files.first?["md5"] as? String == "d41d8cd98f00b204e9800998ecf8427e")
  }

  @Test func versionEndpointReportsTheProfileVersion() {
    #expect(Fixture.gitea().get("/api/v1/version").text == "{\"version\":\"1.22.6\"}\n")
    #expect(Fixture.gitea(.forgejo12).get("/api/v1/version").text == "{\"version\":\"12.0.4+gitea-1.22.0\"}\n")
    #expect(Fixture.gitea(.gitea1_24).get("/api/v1/version").status == 200)
  }
}
