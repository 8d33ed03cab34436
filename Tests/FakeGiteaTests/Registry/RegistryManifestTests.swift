import Foundation
import Testing

@testable import FakeGitea

@Suite("OCI registry: pushing, pulling and deleting manifests")
struct RegistryManifestTests {
  let gitea: InMemoryGitea
  let alice: RegistryClient
  let image = TestImage()

  init() throws {
    (gitea, _) = RegistryFixture.gitea()
    alice = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-write")
  }

  @Test func aTagPushCreatesAVersionTheRESTAPIShows() throws {
    let platform = image.platforms[0]
    let answer = alice.push(platform, to: "alice/app", reference: "V1.0")
    #expect(answer.status == 201)
    #expect(answer.headerValue("Location") == "/v2/alice/app/manifests/V1.0")
    #expect(answer.headerValue("Docker-Content-Digest") == platform.manifestDigest)
    #expect(answer.headerValue("Docker-Distribution-Api-Version") == "registry/2.0")

    #expect(gitea.restVersions(owner: "alice", name: "app", token: "alice-read") == ["v1.0"])
    let stored = try #require(gitea.withStore { $0.versionSnapshot(owner: "alice", name: "app", version: "v1.0") })
    #expect(stored.creator == "alice")
    #expect(stored.manifest?.digest == platform.manifestDigest)
    #expect(stored.manifest?.mediaType == ManifestMediaType.ociManifest)
    let configName = "sha256_" + String(ContentHashes.sha256Digest(of: platform.config).dropFirst(7))
    #expect(
      stored.files.map(\.name) == [
        "manifest.json", configName, "sha256_" + String(ContentHashes.sha256Digest(of: platform.layer).dropFirst(7)),
      ])
    #expect(stored.files.first?.hashes.sha256 == String(platform.manifestDigest.dropFirst(7)))
  }

  @Test func manifestsAreServedByTagAndByDigestWithTheirStoredType() {
    let platform = image.platforms[0]
    alice.push(platform, to: "alice/app", reference: "v1")
    for reference in ["v1", "V1", platform.manifestDigest] {
      let answer = alice.send(
        "GET", "/v2/alice/app/manifests/\(reference)",
        headers: [HeaderField("Accept", "\(ManifestMediaType.ociManifest), \(ManifestMediaType.dockerManifest)")])
      #expect(answer.status == 200, "\(reference)")
      #expect(answer.body == platform.manifest)
      #expect(answer.headerValue("Content-Type") == ManifestMediaType.ociManifest)
      #expect(answer.headerValue("Docker-Content-Digest") == platform.manifestDigest)
    }
    let head = alice.send("HEAD", "/v2/alice/app/manifests/v1")
    #expect(head.status == 200)
    #expect(head.body.isEmpty)
    #expect(head.headerValue("Content-Length") == String(platform.manifest.count))
    #expect(head.headerValue("Docker-Content-Digest") == platform.manifestDigest)
  }

  @Test func anIndexPushedByTagRecordsItsChildrenPushedByDigest() throws {
    for platform in image.platforms {
      let answer = alice.push(platform, to: "alice/app", reference: platform.manifestDigest)
      #expect(answer.status == 201)
      #expect(answer.headerValue("Location") == "/v2/alice/app/manifests/\(platform.manifestDigest)")
    }
    let pushed = alice.send(
      "PUT", "/v2/alice/app/manifests/latest", body: image.index, contentType: ManifestMediaType.ociIndex)
    #expect(pushed.status == 201)
    #expect(pushed.headerValue("Docker-Content-Digest") == image.indexDigest)

    let children = image.platforms.map(\.manifestDigest)
    let latest = try #require(gitea.withStore { $0.versionSnapshot(owner: "alice", name: "app", version: "latest") })
    #expect(latest.children == children)
    #expect(latest.files.map(\.name) == ["manifest.json"])
    #expect(Set(gitea.restVersions(owner: "alice", name: "app", token: "alice-read")) == Set(["latest"] + children))

    let pulled = alice.send("GET", "/v2/alice/app/manifests/latest")
    #expect(pulled.body == image.index)
    #expect(pulled.headerValue("Content-Type") == ManifestMediaType.ociIndex)
  }

  @Test func referencesMustExistBeforeTheManifestIsAccepted() {
    let platform = image.platforms[0]
    let missingBlobs = alice.send(
      "PUT", "/v2/alice/app/manifests/v1", body: platform.manifest, contentType: ManifestMediaType.ociManifest)
    #expect(missingBlobs.status == 404)
    #expect(missingBlobs.registryErrorCode == "MANIFEST_BLOB_UNKNOWN")
    let missingDetail = (missingBlobs.jsonObject["errors"] as? [[String: Any]])?.first?["detail"] as? String
    #expect(missingDetail == ContentHashes.sha256Digest(of: platform.config))

    let missingChildren = alice.send(
      "PUT", "/v2/alice/app/manifests/latest", body: image.index, contentType: ManifestMediaType.ociIndex)
    #expect(missingChildren.status == 404)
    #expect(missingChildren.registryErrorCode == "MANIFEST_BLOB_UNKNOWN")
    #expect(gitea.restVersions(owner: "alice", name: "app", token: "alice-read") == [])
  }

  @Test func blobSizesAndDigestReferencesAreVerified() {
    let platform = image.platforms[0]
    for blob in platform.blobs { alice.uploadBlob(blob, to: "alice/app") }
    let wrongSize = String(decoding: platform.manifest, as: UTF8.self)
      .replacingOccurrences(of: "\"size\":\(platform.layer.count)", with: "\"size\":7")
    let sizeAnswer = alice.send(
      "PUT", "/v2/alice/app/manifests/v1", body: Data(wrongSize.utf8), contentType: ManifestMediaType.ociManifest)
    #expect(sizeAnswer.status == 400)
    #expect(sizeAnswer.registryErrorCode == "SIZE_INVALID")

    let otherDigest = "sha256:" + String(repeating: "c", count: 64)
    let digestAnswer = alice.send(
      "PUT", "/v2/alice/app/manifests/\(otherDigest)", body: platform.manifest,
      contentType: ManifestMediaType.ociManifest)
    #expect(digestAnswer.status == 400)
    #expect(digestAnswer.registryErrorCode == "DIGEST_INVALID")

    let badTag = alice.send(
      "PUT", "/v2/alice/app/manifests/-dash", body: platform.manifest, contentType: ManifestMediaType.ociManifest)
    #expect(badTag.status == 400)
    #expect(badTag.registryErrorCode == "MANIFEST_INVALID")

    let notJSON = alice.send("PUT", "/v2/alice/app/manifests/v1", body: Data("nope".utf8))
    #expect(notJSON.registryErrorCode == "MANIFEST_INVALID")
  }

  @Test func dockerMediaTypesAreStoredAsSent() throws {
    let platform = image.platforms[0]
    for blob in platform.blobs { alice.uploadBlob(blob, to: "alice/app") }
    let docker = String(decoding: platform.manifest, as: UTF8.self)
      .replacingOccurrences(of: ManifestMediaType.ociManifest, with: ManifestMediaType.dockerManifest)
    let body = Data(docker.utf8)
    #expect(
      alice.send("PUT", "/v2/alice/app/manifests/child", body: body, contentType: ManifestMediaType.dockerManifest)
        .status == 201)
    let list = """
      {"schemaVersion":2,"mediaType":"\(ManifestMediaType.dockerManifestList)","manifests":[\
      {"mediaType":"\(ManifestMediaType.dockerManifest)","digest":"\(ContentHashes.sha256Digest(of: body))",\
      "size":\(body.count),"platform":{"architecture":"amd64","os":"linux"}}]}
      """
    // No Content-Type: the document's own mediaType decides.
    #expect(alice.send("PUT", "/v2/alice/app/manifests/list", body: Data(list.utf8)).status == 201)
    #expect(
      alice.send("GET", "/v2/alice/app/manifests/list").headerValue("Content-Type")
        == ManifestMediaType.dockerManifestList)
    #expect(
      alice.send("GET", "/v2/alice/app/manifests/child").headerValue("Content-Type")
        == ManifestMediaType.dockerManifest)
  }

  @Test func deletingByDigestRemovesEveryVersionWithThatManifest() {
    let platform = image.platforms[0]
    alice.push(platform, to: "alice/app", reference: "v1")
    alice.push(platform, to: "alice/app", reference: "stable")
    alice.push(platform, to: "alice/app", reference: platform.manifestDigest)
    alice.push(image.platforms[1], to: "alice/app", reference: "other")
    #expect(gitea.restVersions(owner: "alice", name: "app", token: "alice-read").count == 4)

    let deleted = alice.send("DELETE", "/v2/alice/app/manifests/\(platform.manifestDigest)")
    #expect(deleted.status == 202)
    #expect(gitea.restVersions(owner: "alice", name: "app", token: "alice-read") == ["other"])
    #expect(alice.send("GET", "/v2/alice/app/manifests/v1").status == 404)
    let again = alice.send("DELETE", "/v2/alice/app/manifests/\(platform.manifestDigest)")
    #expect(again.status == 404)
    #expect(again.registryErrorCode == "MANIFEST_UNKNOWN")
  }

  @Test func deletingByTagRemovesOnlyThatTag() throws {
    let platform = image.platforms[0]
    alice.push(platform, to: "alice/app", reference: "v1")
    alice.push(platform, to: "alice/app", reference: "v2")
    #expect(alice.send("DELETE", "/v2/alice/app/manifests/V1").status == 202)
    #expect(gitea.restVersions(owner: "alice", name: "app", token: "alice-read") == ["v2"])
    let unknown = alice.send("GET", "/v2/alice/app/manifests/v1")
    #expect(unknown.status == 404)
    #expect(unknown.registryErrorCode == "MANIFEST_UNKNOWN")
    let reader = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-read")
    #expect(reader.send("DELETE", "/v2/alice/app/manifests/v2").status == 403)
  }

  @Test(
    "re-pushing a tag replaces the row, or keeps it on the 1.25.0–1.25.1 profile",
    arguments: [("gitea-1.22", false), ("gitea-1.25.1", true)])
  func repushFollowsTheProfile(profileName: String, keepsIdentity: Bool) throws {
    let profile = try #require(GiteaProfile.named(profileName))
    let (gitea, _) = RegistryFixture.gitea(profile)
    let alice = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-write")
    alice.push(image.platforms[0], to: "alice/app", reference: "v1")
    let first = try #require(gitea.withStore { $0.versionSnapshot(owner: "alice", name: "app", version: "v1") })
    alice.push(image.platforms[1], to: "alice/app", reference: "v1")
    let second = try #require(gitea.withStore { $0.versionSnapshot(owner: "alice", name: "app", version: "v1") })
    #expect((first.id == second.id) == keepsIdentity)
    #expect(second.manifest?.digest == image.platforms[1].manifestDigest)
  }
}
