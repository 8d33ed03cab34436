import Foundation
import Testing

@testable import RegistryGC

@Suite("RegistryReferenceReader: image-index children over /v2")
struct RegistryReferenceReaderTests {
  typealias F = GCFixtures

  static let children = [F.digest("a1"), F.digest("a2")]

  static func registry(package: String = "app") -> [ModelVersion] {
    [
      F.row("multi", id: 3, created: F.ago(days: 1), package: package, children: children),
      F.row("single", id: 2, created: F.ago(days: 2), package: package),
      F.row(children[0], id: 1, created: F.ago(days: 1), package: package),
      F.row(children[1], id: 4, created: F.ago(days: 1), package: package),
    ]
  }

  @Test func readsChildrenOfIndexesAndNoneOfPlainManifests() async throws {
    let transport = F.transport(Self.registry())
    let status = await F.reader(transport).references(owner: "acme", image: "app", keptTags: ["multi", "single"], listedTags: transport.tagNames)
    #expect(status == .known(["multi": Self.children, "single": []]))
    // The pull token, two manifests, and the tag list that cross-checks the listing.
    #expect(transport.requests.count == 4)
  }

  @Test func aTagTheListingMissedMakesReferencesUnknown() async throws {
    let transport = F.transport(Self.registry())
    let listed = transport.tagNames.subtracting(["single"])
    let status = await F.reader(transport).references(
      owner: "acme", image: "app", keptTags: ["multi"], listedTags: listed)
    #expect(
      status
        == .unknown("the registry has 1 tag(s) the package listing did not return (single), so the listing is incomplete"))
  }

  @Test func asksForAPullTokenWithTheGCTokenAsBasicPassword() async throws {
    let transport = F.transport(Self.registry(package: "team/app"), owner: "Acme")
    let status = await F.reader(transport).references(owner: "Acme", image: "Team/App", keptTags: ["multi"], listedTags: transport.tagNames)
    #expect(status == .known(["multi": Self.children]))
    let tokenRequest = transport.requests[0]
    #expect(
      tokenRequest.url.absoluteString
        == "https://git.example.com/v2/token?service=container_registry&scope=repository%3Aacme%2Fteam%2Fapp%3Apull")
    #expect(
      tokenRequest.headers["Authorization"] == "Basic " + Data("registry-gc:\(F.token)".utf8).base64EncodedString())
    #expect(tokenRequest.headers["User-Agent"] == F.userAgent)

    let manifestRequest = transport.requests[1]
    #expect(manifestRequest.url.absoluteString == "https://git.example.com/v2/acme/team/app/manifests/multi")
    #expect(manifestRequest.headers["Authorization"] == "Bearer model-pull-token")
    #expect(
      manifestRequest.headers["Accept"]
        == "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"
    )
  }

  @Test func anUnreadableManifestMakesEveryReferenceUnknown() async throws {
    let transport = F.transport(Self.registry())
    let status = await F.reader(transport).references(owner: "acme", image: "app", keptTags: ["multi", "gone"], listedTags: transport.tagNames)
    #expect(status == .unknown("the manifest of gone could not be read (HTTP 404)"))
  }

  @Test func aRefusedPullTokenMakesEveryReferenceUnknown() async throws {
    let transport = F.transport(Self.registry())
    let reader = RegistryReferenceReader(
      baseURL: F.host, token: Secret("not-the-token"), userAgent: "ua", transport: transport)
    let status = await reader.references(owner: "acme", image: "app", keptTags: ["multi"], listedTags: transport.tagNames)
    #expect(status == .unknown("the registry refused a pull token for acme/app (HTTP 401)"))
    #expect(transport.requests.count == 1)
  }

  @Test func anAccessTokenKeyIsAcceptedToo() async throws {
    let transport = F.transport(
      Self.registry(),
      interceptor: { incoming in
        guard case .registryToken = incoming.route else { return nil }
        return .answer(ModelGiteaTransport.json(200, ["access_token": "model-pull-token"]))
      })
    let status = await F.reader(transport).references(owner: "acme", image: "app", keptTags: ["multi"], listedTags: transport.tagNames)
    #expect(status == .known(["multi": Self.children]))
  }

  @Test(
    "broken manifests make references unknown",
    arguments: [
      (ModelGiteaTransport.plainText(200, "not json"), "the manifest of multi is not JSON"),
      (ModelGiteaTransport.json(500, ["errors": []]), "the manifest of multi could not be read (HTTP 500)"),
      (
        ModelGiteaTransport.json(
          200, ["mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [["digest": "sha256:short"]]]),
        "the image index of multi lists a child without a valid digest"
      ),
    ])
  func brokenManifests(response: HTTPResponse, reason: String) async throws {
    let transport = F.transport(
      Self.registry(),
      interceptor: { incoming in
        if case .manifest = incoming.route { return .answer(response) }
        return nil
      })
    let status = await F.reader(transport).references(owner: "acme", image: "app", keptTags: ["multi"], listedTags: transport.tagNames)
    #expect(status == .unknown(reason))
  }

  @Test func noAnswerMakesReferencesUnknown() async throws {
    let transport = F.transport(
      Self.registry(),
      interceptor: { incoming in
        if case .manifest = incoming.route { return .fail(TransportError(.timedOut, "no byte within 30 s")) }
        return nil
      })
    let status = await F.reader(transport).references(owner: "acme", image: "app", keptTags: ["multi"], listedTags: transport.tagNames)
    #expect(status == .unknown("reading the manifest of multi got no answer: no byte within 30 s"))
  }

  @Test func aDockerManifestListAndAnUntypedIndexAreIndexes() async throws {
    let list = ModelGiteaTransport.json(
      200,
      [
        "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
        "manifests": [["digest": Self.children[0]]],
      ])
    let untyped = ModelGiteaTransport.json(
      200, ["schemaVersion": 2, "manifests": [["digest": Self.children[1]]]],
      headers: ["Content-Type": "application/vnd.oci.image.index.v1+json; charset=utf-8"])
    let transport = F.transport(
      Self.registry(),
      interceptor: { incoming in
        guard case .manifest(_, let reference) = incoming.route else { return nil }
        return .answer(reference == "multi" ? list : untyped)
      })
    let status = await F.reader(transport).references(owner: "acme", image: "app", keptTags: ["multi", "single"], listedTags: transport.tagNames)
    #expect(status == .known(["multi": [Self.children[0]], "single": [Self.children[1]]]))
  }

  @Test func readsAtMostConcurrencyManifestsAtOnce() async throws {
    let tags = (1...12).map { "t\($0)" }
    let transport = F.transport(
      tags.enumerated().map { F.row($1, id: Int64($0 + 1), created: F.ago(days: 1)) }, rendezvous: [.manifest: 3])
    let status = await F.reader(transport, concurrency: 3).references(owner: "acme", image: "app", keptTags: tags, listedTags: transport.tagNames)
    #expect(status == .known(Dictionary(uniqueKeysWithValues: tags.map { ($0, [String]()) })))
    #expect(transport.maxInFlight(.manifest) == 3)
  }

  @Test func stopsStartingReadsAfterTheFirstFailure() async throws {
    let tags = (1...12).map { "t\($0)" }
    // Only t1 exists: t2 fails at once, and with one read at a time nothing after it is asked.
    let transport = F.transport([F.row("t1", id: 1, created: F.ago(days: 1))])
    let status = await F.reader(transport, concurrency: 1).references(owner: "acme", image: "app", keptTags: tags, listedTags: transport.tagNames)
    #expect(status == .unknown("the manifest of t2 could not be read (HTTP 404)"))
    #expect(transport.requests.count == 3)
  }
}
