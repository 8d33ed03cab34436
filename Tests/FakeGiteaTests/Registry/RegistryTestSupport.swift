import Foundation
import Testing

@testable import FakeGitea

/// Shared fixtures for the OCI registry tests.
enum RegistryFixture {
  /// 2026-05-24T16:07:50Z, the fake's clock in these tests.
  static let now = Date(timeIntervalSince1970: 1_779_638_870)

  static let seededChild = "sha256:" + String(repeating: "a", count: 64)
  static let danglingChild = "sha256:" + String(repeating: "b", count: 64)

  static let seed = GiteaSeed(
    users: [
      SeedUser(login: "alice", password: "alice-password"),
      SeedUser(login: "bob"),
      SeedUser(login: "hidden", visibility: .private),
      SeedUser(login: "acme", isOrganization: true, members: ["alice"]),
    ],
    tokens: [
      SeedToken(value: "alice-write", user: "alice", scopes: ["write:package"]),
      SeedToken(value: "alice-read", user: "alice", scopes: ["read:package"]),
      SeedToken(value: "bob-write", user: "bob", scopes: ["write:package"]),
      SeedToken(value: "hidden-write", user: "hidden", scopes: ["write:package"]),
    ],
    packages: [
      SeedPackage(
        owner: "alice", name: "seeded",
        versions: [
          SeedVersion(version: "v1", created: now.addingTimeInterval(-600)),
          SeedVersion(version: seededChild, created: now.addingTimeInterval(-300)),
          SeedVersion(
            version: "latest", created: now.addingTimeInterval(-300), children: [seededChild, danglingChild]),
        ]),
      SeedPackage(owner: "hidden", name: "secret", versions: [SeedVersion(version: "1", created: now)]),
    ])

  /// A fake with the registry routes plugged in, and those routes.
  static func gitea(
    _ profile: GiteaProfile = .gitea1_22, seed: GiteaSeed = seed, routes: OCIRegistryRoutes = OCIRegistryRoutes(),
    now: Date = now
  ) -> (InMemoryGitea, OCIRegistryRoutes) {
    let configuration = FakeGiteaConfiguration(profile: profile, now: now, routeExtensions: [routes])
    return (InMemoryGitea(configuration: configuration, seed: seed), routes)
  }

  static func basic(_ user: String, _ password: String) -> String {
    "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
  }
}

/// A client of the in-process registry that carries one `Authorization` value.
struct RegistryClient {
  let gitea: InMemoryGitea
  var authorization: String?

  /// Signs in through `GET /v2/token` with Basic `user:password`.
  static func signedIn(_ gitea: InMemoryGitea, user: String, password: String) throws -> RegistryClient {
    let answer = RegistryClient(gitea: gitea, authorization: RegistryFixture.basic(user, password))
      .send("GET", "/v2/token?service=container_registry&scope=repository:\(user)/x:pull,push")
    #expect(answer.status == 200)
    let token = try #require(answer.jsonObject["token"] as? String)
    return RegistryClient(gitea: gitea, authorization: "Bearer \(token)")
  }

  /// Signs in anonymously (a Ghost token).
  static func anonymous(_ gitea: InMemoryGitea) throws -> RegistryClient {
    let answer = RegistryClient(gitea: gitea, authorization: nil).send("GET", "/v2/token")
    let token = try #require(answer.jsonObject["token"] as? String)
    return RegistryClient(gitea: gitea, authorization: "Bearer \(token)")
  }

  @discardableResult
  func send(
    _ method: String, _ target: String, body: Data = Data(), contentType: String? = nil,
    headers: [HeaderField] = []
  ) -> ServerResponse {
    var all = headers
    if let authorization { all.append(HeaderField("Authorization", authorization)) }
    if let contentType { all.append(HeaderField("Content-Type", contentType)) }
    return gitea.handle(ServerRequest(method: method, target: target, headers: all, body: body))
  }

  /// Uploads `bytes` monolithically to `repository` and expects a 201.
  @discardableResult
  func uploadBlob(_ bytes: Data, to repository: String) -> String {
    let digest = ContentHashes.sha256Digest(of: bytes)
    let answer = send("POST", "/v2/\(repository)/blobs/uploads/?digest=\(digest)", body: bytes)
    #expect(answer.status == 201, "blob upload answered \(answer.status): \(answer.bodyText)")
    return digest
  }

  /// Uploads an image's blobs and pushes its manifest under `reference`.
  @discardableResult
  func push(_ image: TestImage.Platform, to repository: String, reference: String) -> ServerResponse {
    for blob in image.blobs { uploadBlob(blob, to: repository) }
    return send(
      "PUT", "/v2/\(repository)/manifests/\(reference)", body: image.manifest,
      contentType: ManifestMediaType.ociManifest)
  }
}

extension ServerResponse {
  var bodyText: String { String(decoding: body, as: UTF8.self) }

  var jsonObject: [String: Any] {
    (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
  }

  func headerValue(_ name: String) -> String? { headers.value(named: name) }

  /// The `code` of the first distribution error in the body.
  var registryErrorCode: String? {
    ((jsonObject["errors"] as? [[String: Any]])?.first)?["code"] as? String
  }
}

extension InMemoryGitea {
  /// The `version` of every row of `GET /api/v1/packages/{owner}` for a
  /// container package, read through the REST API with `token`.
  func restVersions(owner: String, name: String, token: String) -> [String] {
    let answer = handle(
      ServerRequest(
        method: "GET", target: "/api/v1/packages/\(owner)?type=container&q=\(name)&limit=50",
        headers: [HeaderField("Authorization", "token \(token)")]))
    let rows = (try? JSONSerialization.jsonObject(with: answer.body)) as? [[String: Any]] ?? []
    return rows.filter { $0["name"] as? String == name }.compactMap { $0["version"] as? String }
  }
}
