import Foundation
import Testing

@testable import FakeGitea

@Suite("OCI registry: synthetic manifests for versions seeded without one")
struct RegistrySeededManifestTests {
  let gitea: InMemoryGitea
  let alice: RegistryClient

  init() throws {
    (gitea, _) = RegistryFixture.gitea()
    alice = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-read")
  }

  @Test func aSeededTagWithChildrenServesAnIndexOfThem() throws {
    let answer = alice.send("GET", "/v2/alice/seeded/manifests/latest")
    #expect(answer.status == 200)
    #expect(answer.headerValue("Content-Type") == ManifestMediaType.ociIndex)
    #expect(answer.headerValue("Docker-Content-Digest") == ContentHashes.sha256Digest(of: answer.body))
    let manifests = try #require(answer.jsonObject["manifests"] as? [[String: Any]])
    #expect(
      manifests.compactMap { $0["digest"] as? String } == [RegistryFixture.seededChild, RegistryFixture.danglingChild])
    let platforms = manifests.compactMap { ($0["platform"] as? [String: Any])?["architecture"] as? String }
    #expect(platforms == ["amd64", "arm64"])

    let child = alice.send("GET", "/v2/alice/seeded/manifests/\(RegistryFixture.seededChild)")
    #expect(child.status == 200)
    #expect(child.headerValue("Docker-Content-Digest") == RegistryFixture.seededChild)
    #expect(manifests.first?["size"] as? Int == child.body.count)
    let dangling = alice.send("GET", "/v2/alice/seeded/manifests/\(RegistryFixture.danglingChild)")
    #expect(dangling.status == 404)
    #expect(dangling.registryErrorCode == "MANIFEST_UNKNOWN")
  }

  @Test func aSeededTagWithoutChildrenServesAnImageManifestWhoseConfigCanBePulled() throws {
    let first = alice.send("GET", "/v2/alice/seeded/manifests/v1")
    #expect(first.status == 200)
    #expect(first.headerValue("Content-Type") == ManifestMediaType.ociManifest)
    #expect(alice.send("GET", "/v2/alice/seeded/manifests/v1").body == first.body)
    let digest = try #require(first.headerValue("Docker-Content-Digest"))
    #expect(digest == ContentHashes.sha256Digest(of: first.body))
    #expect(alice.send("GET", "/v2/alice/seeded/manifests/\(digest)").body == first.body)
    #expect(alice.send("GET", "/v2/alice/seeded/manifests/latest").headerValue("Docker-Content-Digest") != digest)

    let config = try #require(first.jsonObject["config"] as? [String: Any])
    let configDigest = try #require(config["digest"] as? String)
    let blob = alice.send("GET", "/v2/alice/seeded/blobs/\(configDigest)")
    #expect(blob.status == 200)
    #expect(ContentHashes.sha256Digest(of: blob.body) == configDigest)
    #expect(blob.body.count == config["size"] as? Int)
  }

  @Test func deletingASeededDigestRowByItsNameRemovesIt() throws {
    let writer = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-write")
    #expect(writer.send("DELETE", "/v2/alice/seeded/manifests/\(RegistryFixture.seededChild)").status == 202)
    #expect(gitea.versions(owner: "alice", name: "seeded") == ["latest", "v1"])
    let index = writer.send("GET", "/v2/alice/seeded/manifests/latest")
    #expect(index.status == 200)
  }

  @Test func scheduledPushesWithAnExplicitDigestAreServedWithIt() throws {
    let bytes = Data(#"{"schemaVersion":2}"#.utf8)
    let declared = "sha256:" + String(repeating: "d", count: 64)
    gitea.push(
      owner: "alice", name: "seeded", version: "pinned",
      manifest: ManifestRecord(mediaType: ManifestMediaType.ociManifest, bytes: bytes, digest: declared))
    let answer = alice.send("GET", "/v2/alice/seeded/manifests/pinned")
    #expect(answer.body == bytes)
    #expect(answer.headerValue("Docker-Content-Digest") == declared)
    #expect(alice.send("GET", "/v2/alice/seeded/manifests/\(declared)").body == bytes)
  }
}
