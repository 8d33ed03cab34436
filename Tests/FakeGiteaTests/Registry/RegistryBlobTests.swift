import Foundation
import Testing

@testable import FakeGitea

@Suite("OCI registry: blobs and uploads")
struct RegistryBlobTests {
  let gitea: InMemoryGitea
  let routes: OCIRegistryRoutes
  let alice: RegistryClient
  let content = Data("some layer bytes".utf8)
  var digest: String { ContentHashes.sha256Digest(of: content) }

  init() throws {
    (gitea, routes) = RegistryFixture.gitea()
    alice = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-write")
  }

  @Test func aMonolithicUploadIsServedBack() {
    let answer = alice.send("POST", "/v2/alice/app/blobs/uploads/?digest=\(digest)", body: content)
    #expect(answer.status == 201)
    #expect(answer.headerValue("Location") == "/v2/alice/app/blobs/\(digest)")
    #expect(answer.headerValue("Docker-Content-Digest") == digest)

    let pulled = alice.send("GET", "/v2/alice/app/blobs/\(digest)")
    #expect(pulled.status == 200)
    #expect(pulled.body == content)
    #expect(pulled.headerValue("Docker-Content-Digest") == digest)
    let head = alice.send("HEAD", "/v2/alice/app/blobs/\(digest)")
    #expect(head.status == 200)
    #expect(head.body.isEmpty)
    #expect(head.headerValue("Content-Length") == String(content.count))
    #expect(routes.blobDigests(inRepository: "alice/app") == [digest])
    #expect(routes.heldBlobBytes == content.count)
  }

  @Test func aChunkedSessionCollectsPatchesUntilThePut() throws {
    let started = alice.send("POST", "/v2/alice/app/blobs/uploads/")
    #expect(started.status == 202)
    #expect(started.headerValue("Range") == "0-0")
    let id = try #require(started.headerValue("Docker-Upload-UUID"))
    let location = try #require(started.headerValue("Location"))
    #expect(location == "/v2/alice/app/blobs/uploads/\(id)")

    let first = alice.send("PATCH", location, body: content.prefix(5))
    #expect(first.status == 202)
    #expect(first.headerValue("Range") == "0-4")
    let stream = alice.send("PATCH", location, body: content.dropFirst(5))
    #expect(stream.status == 400)
    #expect(stream.registryErrorCode == "BLOB_UPLOAD_INVALID")
    let gap = alice.send("PATCH", location, body: content.dropFirst(6), headers: [HeaderField("Content-Range", "6-20")])
    #expect(gap.status == 416)
    let second = alice.send(
      "PATCH", location, body: content.dropFirst(5).prefix(5), headers: [HeaderField("Content-Range", "5-9")])
    #expect(second.headerValue("Range") == "0-9")
    let status = alice.send("GET", location)
    #expect(status.status == 204)
    #expect(status.headerValue("Range") == "0-9")

    let finished = alice.send("PUT", "\(location)?digest=\(digest)", body: content.dropFirst(10))
    #expect(finished.status == 201)
    #expect(finished.headerValue("Docker-Content-Digest") == digest)
    #expect(alice.send("GET", "/v2/alice/app/blobs/\(digest)").body == content)
    #expect(alice.send("GET", location).registryErrorCode == "BLOB_UPLOAD_UNKNOWN")
  }

  @Test func digestsThatDoNotMatchAreRejected() throws {
    let wrong = "sha256:" + String(repeating: "0", count: 64)
    let monolithic = alice.send("POST", "/v2/alice/app/blobs/uploads/?digest=\(wrong)", body: content)
    #expect(monolithic.status == 400)
    #expect(monolithic.registryErrorCode == "DIGEST_INVALID")

    let location = try #require(alice.send("POST", "/v2/alice/app/blobs/uploads/").headerValue("Location"))
    let finish = alice.send("PUT", "\(location)?digest=\(wrong)", body: content)
    #expect(finish.status == 400)
    #expect(finish.registryErrorCode == "DIGEST_INVALID")
    #expect(alice.send("PUT", location).registryErrorCode == "DIGEST_INVALID")
    #expect(alice.send("GET", "/v2/alice/app/blobs/\(wrong)").registryErrorCode == "BLOB_UNKNOWN")
    #expect(routes.blobDigests(inRepository: "alice/app") == [])
  }

  @Test func sessionsBelongToTheirRepositoryAndCanBeCancelled() throws {
    let location = try #require(alice.send("POST", "/v2/alice/app/blobs/uploads/").headerValue("Location"))
    let id = String(location.split(separator: "/").last ?? "")
    let elsewhere = alice.send("PATCH", "/v2/alice/other/blobs/uploads/\(id)", body: content)
    #expect(elsewhere.status == 404)
    #expect(elsewhere.registryErrorCode == "BLOB_UPLOAD_UNKNOWN")
    alice.send("PATCH", location, body: content)
    #expect(routes.heldBlobBytes == content.count)
    #expect(alice.send("DELETE", location).status == 204)
    #expect(routes.heldBlobBytes == 0)
    #expect(alice.send("DELETE", location).status == 404)
  }

  @Test func blobsAreRepositoryScopedUntilMounted() {
    alice.uploadBlob(content, to: "alice/app")
    #expect(alice.send("HEAD", "/v2/alice/other/blobs/\(digest)").status == 404)

    let mounted = alice.send("POST", "/v2/alice/other/blobs/uploads/?mount=\(digest)&from=alice/app")
    #expect(mounted.status == 201)
    #expect(mounted.headerValue("Location") == "/v2/alice/other/blobs/\(digest)")
    #expect(alice.send("GET", "/v2/alice/other/blobs/\(digest)").body == content)
    #expect(routes.heldBlobBytes == content.count)

    let unknownSource = alice.send("POST", "/v2/alice/third/blobs/uploads/?mount=\(digest)&from=alice/nothing")
    #expect(unknownSource.status == 202)
    #expect(unknownSource.headerValue("Docker-Upload-UUID") != nil)
  }

  @Test func deletingABlobUnlinksItAndFreesItsBytesWhenUnused() {
    alice.uploadBlob(content, to: "alice/app")
    alice.uploadBlob(content, to: "alice/other")
    #expect(routes.heldBlobBytes == content.count)
    #expect(alice.send("DELETE", "/v2/alice/app/blobs/\(digest)").status == 202)
    #expect(alice.send("GET", "/v2/alice/app/blobs/\(digest)").status == 404)
    #expect(routes.heldBlobBytes == content.count)
    #expect(alice.send("DELETE", "/v2/alice/other/blobs/\(digest)").status == 202)
    #expect(routes.heldBlobBytes == 0)
    #expect(alice.send("DELETE", "/v2/alice/other/blobs/\(digest)").registryErrorCode == "BLOB_UNKNOWN")
  }

  @Test func theStorageLimitIsEnforced() throws {
    let (small, routes) = RegistryFixture.gitea(routes: OCIRegistryRoutes(blobCapacity: 8))
    let alice = try RegistryClient.signedIn(small, user: "alice", password: "alice-write")
    let answer = alice.send("POST", "/v2/alice/app/blobs/uploads/?digest=\(digest)", body: content)
    #expect(answer.status == 507)
    #expect(answer.registryErrorCode == "DENIED")
    #expect(routes.heldBlobBytes == 0)
  }
}
