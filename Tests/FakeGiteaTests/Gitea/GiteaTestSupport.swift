import Foundation
import Testing

@testable import FakeGitea

/// Shared fixtures for the in-memory Gitea tests.
enum Fixture {
  /// 2026-05-24T16:07:50Z.
  static let base = Date(timeIntervalSince1970: 1_779_638_870)

  static func at(_ seconds: TimeInterval) -> Date { base.addingTimeInterval(seconds) }

  /// A small world: users of every visibility, an organisation, tokens of
  /// every scope, and a container package with tags, a digest and a sibling.
  static let seed = GiteaSeed(
    users: [
      SeedUser(login: "alice", password: "alice-password"),
      SeedUser(login: "bob"),
      SeedUser(login: "root", isAdmin: true),
      SeedUser(login: "hidden", visibility: .private),
      SeedUser(login: "members-only", visibility: .limited),
      SeedUser(login: "acme", isOrganization: true, members: ["alice"]),
      SeedUser(login: "vault", visibility: .private, isOrganization: true, members: ["alice"]),
    ],
    tokens: [
      SeedToken(value: "alice-read", user: "alice", scopes: ["read:package"]),
      SeedToken(value: "alice-write", user: "alice", scopes: ["write:package"]),
      SeedToken(value: "alice-all", user: "alice", scopes: ["all"]),
      SeedToken(value: "alice-repo", user: "alice", scopes: ["read:repository"]),
      SeedToken(value: "alice-delete", user: "alice", scopes: ["delete:package"]),
      SeedToken(value: "alice-public", user: "alice", scopes: ["public-only", "write:package"]),
      SeedToken(value: "bob-write", user: "bob", scopes: ["write:package"]),
      SeedToken(value: "bob-read", user: "bob", scopes: ["read:package"]),
      SeedToken(value: "root-write", user: "root", scopes: ["write:package"]),
    ],
    packages: [
      SeedPackage(
        owner: "alice", name: "app",
        versions: [
          SeedVersion(version: "v1", created: at(0)),
          SeedVersion(version: "v2", created: at(60)),
          SeedVersion(version: "latest", created: at(120), children: ["sha256:aaa"]),
          SeedVersion(version: "sha256:aaa", created: at(120)),
        ]),
      SeedPackage(owner: "alice", name: "app-preview", versions: [SeedVersion(version: "pr-1", created: at(30))]),
      SeedPackage(
        owner: "alice", type: "generic", name: "tools", versions: [SeedVersion(version: "1.0", created: at(10))]),
      SeedPackage(owner: "acme", name: "group/image", versions: [SeedVersion(version: "1.0", created: at(5))]),
      SeedPackage(owner: "hidden", name: "secret", versions: [SeedVersion(version: "1", created: at(5))]),
      SeedPackage(owner: "members-only", name: "inner", versions: [SeedVersion(version: "1", created: at(5))]),
      SeedPackage(owner: "vault", name: "safe", versions: [SeedVersion(version: "1", created: at(5))]),
    ])

  static func gitea(
    _ profile: GiteaProfile = .gitea1_22,
    seed: GiteaSeed = Fixture.seed,
    configure: (inout FakeGiteaConfiguration) -> Void = { _ in }
  ) -> InMemoryGitea {
    var configuration = FakeGiteaConfiguration(profile: profile, now: at(3600))
    configure(&configuration)
    return InMemoryGitea(configuration: configuration, seed: seed)
  }
}

extension InMemoryGitea {
  /// Sends a request with an optional `Authorization: token …` header.
  @discardableResult
  func send(
    _ method: String, _ target: String, token: String? = nil, headers: [HeaderField] = []
  ) -> ServerResponse {
    var allHeaders = headers
    if let token { allHeaders.append(HeaderField("Authorization", "token \(token)")) }
    return handle(ServerRequest(method: method, target: target, headers: allHeaders))
  }

  @discardableResult
  func get(_ target: String, token: String? = nil, headers: [HeaderField] = []) -> ServerResponse {
    send("GET", target, token: token, headers: headers)
  }

  @discardableResult
  func delete(_ target: String, token: String? = nil, headers: [HeaderField] = []) -> ServerResponse {
    send("DELETE", target, token: token, headers: headers)
  }
}

extension ServerResponse {
  var text: String { String(decoding: body, as: UTF8.self) }

  func header(_ name: String) -> String? { headers.value(named: name) }

  /// The body parsed as a JSON array of objects (empty when it is not one).
  var objects: [[String: Any]] {
    (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? []
  }

  /// The body parsed as one JSON object (empty when it is not one).
  var object: [String: Any] {
    (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
  }

  /// The `version` of every row of a list answer.
  var versionNames: [String] { objects.compactMap { $0["version"] as? String } }
}

/// The exact body of Gitea's generic API error.
func apiErrorBody(_ message: String, root: String = "http://gitea.test/") -> String {
  "{\"message\":\"\(message)\",\"url\":\"\(root)api/swagger\"}\n"
}
