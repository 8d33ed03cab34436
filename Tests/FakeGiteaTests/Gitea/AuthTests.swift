import Foundation
import Testing

@testable import FakeGitea

/// One request against the standard fixture and the answer a profile gives.
struct AccessCase: Sendable, CustomTestStringConvertible {
  let profile: String
  let method: String
  let target: String
  let authorization: String?
  let status: Int
  /// The `message` of the JSON error body; `nil` for successes.
  let message: String?

  init(
    _ profile: String, _ method: String, _ target: String, _ authorization: String?, _ status: Int,
    _ message: String? = nil
  ) {
    self.profile = profile
    self.method = method
    self.target = target
    self.authorization = authorization
    self.status = status
    self.message = message
  }

  var testDescription: String { "\(profile) \(method) \(target) [\(authorization ?? "anonymous")] → \(status)" }
}

@Suite("Authentication, scopes and the 401/403/404 precedence per profile")
struct AuthTests {
  static let existing = "/api/v1/packages/alice/container/app/v1"
  static let versions = "/api/v1/packages/alice/container/app/versions"
  static let permission = "user should have specific permission or be a site admin"
  static let tokenRequired = "token is required"
  static let notExist = "package does not exist"

  static let anonymousCases: [AccessCase] = [
    // Existing version of a public owner.
    AccessCase("gitea-1.17", "GET", existing, nil, 200),
    AccessCase("gitea-1.19", "GET", existing, nil, 401, tokenRequired),
    AccessCase("gitea-1.22", "GET", existing, nil, 401, tokenRequired),
    AccessCase("gitea-1.24", "GET", existing, nil, 401, tokenRequired),
    AccessCase("forgejo-10", "GET", existing, nil, 401, tokenRequired),
    AccessCase("forgejo-11", "GET", existing, nil, 401, tokenRequired),
    AccessCase("forgejo-12", "GET", existing, nil, 200),
    // The seed's wrong route: version "versions".
    AccessCase("gitea-1.17", "GET", versions, nil, 404, notExist),
    AccessCase("gitea-1.19", "GET", versions, nil, 404, notExist),
    AccessCase("gitea-1.23", "GET", versions, nil, 404, notExist),
    AccessCase("gitea-1.24", "GET", versions, nil, 401, tokenRequired),
    AccessCase("forgejo-10", "GET", versions, nil, 404, notExist),
    AccessCase("forgejo-11", "GET", versions, nil, 401, tokenRequired),
    AccessCase("forgejo-12", "GET", versions, nil, 404, notExist),
    // Private and limited owners.
    AccessCase("gitea-1.17", "GET", "/api/v1/packages/hidden", nil, 403, permission),
    AccessCase("gitea-1.17", "GET", "/api/v1/packages/members-only", nil, 403, permission),
    AccessCase("gitea-1.19", "GET", "/api/v1/packages/hidden", nil, 403, permission),
    AccessCase("gitea-1.22", "GET", "/api/v1/packages/hidden", nil, 403, permission),
    AccessCase("gitea-1.24", "GET", "/api/v1/packages/hidden", nil, 401, tokenRequired),
    AccessCase("forgejo-12", "GET", "/api/v1/packages/hidden", nil, 403, permission),
    AccessCase("forgejo-12", "GET", "/api/v1/packages/acme", nil, 200),
    // Unknown owners.
    AccessCase("gitea-1.22", "GET", "/api/v1/packages/nobody", nil, 404, "user redirect does not exist [name: nobody]"),
    AccessCase("gitea-1.24", "GET", "/api/v1/packages/nobody", nil, 401, tokenRequired),
    // Anonymous deletes.
    AccessCase("gitea-1.17", "DELETE", existing, nil, 403, permission),
    AccessCase("gitea-1.19", "DELETE", existing, nil, 401, tokenRequired),
    AccessCase("forgejo-12", "DELETE", existing, nil, 401, tokenRequired),
    AccessCase("forgejo-12", "DELETE", "/api/v1/packages/alice/container/app/nope", nil, 404, notExist),
  ]

  static let scopeCases: [AccessCase] = [
    AccessCase("gitea-1.17", "DELETE", existing, "token alice-read", 204),
    AccessCase(
      "gitea-1.19", "DELETE", existing, "token alice-read", 403, "token does not have required scope: delete:package"),
    AccessCase(
      "gitea-1.19", "DELETE", existing, "token alice-write", 403, "token does not have required scope: delete:package"),
    AccessCase("gitea-1.19", "DELETE", existing, "token alice-delete", 204),
    AccessCase("gitea-1.19", "DELETE", existing, "token alice-all", 204),
    AccessCase(
      "gitea-1.20", "DELETE", existing, "token alice-read", 403,
      "token does not have at least one of required scope(s): [write:package]"),
    AccessCase(
      "gitea-1.20", "DELETE", existing, "token alice-delete", 403,
      "token does not have at least one of required scope(s): [write:package]"),
    AccessCase("gitea-1.20", "DELETE", existing, "token alice-write", 204),
    AccessCase(
      "gitea-1.22", "GET", existing, "token alice-repo", 403,
      "token does not have at least one of required scope(s): [read:package]"),
    AccessCase(
      "gitea-1.23", "DELETE", existing, "token alice-read", 403,
      "token does not have at least one of required scope(s), required=[write:package], token scope=read:package"),
    AccessCase(
      "gitea-1.26", "GET", existing, "token alice-repo", 403,
      "token does not have at least one of required scope(s), required=[read:package], token scope=read:repository"),
    AccessCase(
      "forgejo-12", "DELETE", existing, "token alice-read", 403,
      "token does not have at least one of required scope(s): [write:package]"),
    // In 1.20+ the scope check runs before the owner lookup; in 1.19 after it.
    AccessCase(
      "gitea-1.22", "GET", "/api/v1/packages/nobody", "token alice-repo", 403,
      "token does not have at least one of required scope(s): [read:package]"),
    AccessCase(
      "gitea-1.19", "GET", "/api/v1/packages/nobody", "token alice-repo", 404,
      "user redirect does not exist [name: nobody]"),
    AccessCase(
      "gitea-1.19", "GET", "/api/v1/packages/alice", "token alice-repo", 403,
      "token does not have required scope: read:package"),
  ]

  static let permissionCases: [AccessCase] = [
    AccessCase("gitea-1.22", "DELETE", existing, "token bob-write", 403, permission),
    AccessCase("gitea-1.22", "DELETE", existing, "token root-write", 204),
    AccessCase("gitea-1.22", "DELETE", "/api/v1/packages/acme/container/group%2Fimage/1.0", "token alice-write", 204),
    AccessCase(
      "gitea-1.22", "DELETE", "/api/v1/packages/acme/container/group%2Fimage/1.0", "token bob-write", 403, permission),
    AccessCase("gitea-1.22", "GET", "/api/v1/packages/hidden", "token bob-read", 403, permission),
    AccessCase("gitea-1.22", "GET", "/api/v1/packages/hidden", "token root-write", 200),
    AccessCase("gitea-1.22", "GET", "/api/v1/packages/members-only", "token bob-read", 200),
    AccessCase("gitea-1.22", "GET", "/api/v1/packages/vault", "token alice-read", 200),
    AccessCase("gitea-1.22", "GET", "/api/v1/packages/vault", "token bob-read", 403, permission),
    AccessCase("gitea-1.22", "GET", "/api/v1/packages/hidden/container/nope/1", "token bob-read", 404, notExist),
    // Public-only tokens.
    AccessCase("gitea-1.21", "GET", "/api/v1/packages/vault", "token alice-public", 200),
    AccessCase(
      "gitea-1.22", "GET", "/api/v1/packages/vault", "token alice-public", 403,
      "token scope is limited to public packages"),
    AccessCase("gitea-1.22", "GET", "/api/v1/packages/members-only", "token alice-public", 200),
    AccessCase(
      "gitea-1.26", "GET", "/api/v1/packages/members-only", "token alice-public", 403,
      "token scope is limited to public packages"),
    AccessCase("gitea-1.26", "GET", "/api/v1/packages/acme", "token alice-public", 200),
  ]

  static let credentialCases: [AccessCase] = [
    // Unknown tokens.
    AccessCase("gitea-1.17", "GET", existing, "token nope", 200),
    AccessCase("gitea-1.19", "GET", existing, "token nope", 401, tokenRequired),
    AccessCase("gitea-1.20", "GET", existing, "token nope", 401, "user does not exist [uid: 0, name: , keyid: 0]"),
    AccessCase("gitea-1.22", "GET", existing, "token nope", 401, "user does not exist [uid: 0, name: ]"),
    AccessCase("gitea-1.22", "GET", "/api/v1/version", "token nope", 401, "user does not exist [uid: 0, name: ]"),
    AccessCase("gitea-1.25.1", "GET", existing, "token nope", 401, "user does not exist [uid: 0, name: ]"),
    AccessCase("gitea-1.25", "GET", existing, "token nope", 401, "invalid username, password or token"),
    // Scheme spelling.
    AccessCase("gitea-1.24", "GET", existing, "Token alice-read", 401, tokenRequired),
    AccessCase("gitea-1.25", "GET", existing, "Token alice-read", 200),
    AccessCase("gitea-1.24", "GET", existing, "BEARER alice-read", 200),
    AccessCase("gitea-1.22", "GET", existing, "token   alice-read", 200),
    AccessCase("gitea-1.22", "GET", existing, "token alice-read extra", 401, tokenRequired),
    // Basic: the password (or, with an empty or x-oauth-basic password, the user name) as a token.
    AccessCase("gitea-1.22", "GET", existing, "Basic " + base64("alice:alice-read"), 200),
    AccessCase("gitea-1.22", "GET", existing, "basic " + base64("anyone:alice-read"), 200),
    AccessCase("gitea-1.22", "GET", existing, "Basic " + base64("alice-read:"), 200),
    AccessCase("gitea-1.22", "GET", existing, "Basic " + base64("alice-read:x-oauth-basic"), 200),
    AccessCase(
      "gitea-1.22", "DELETE", existing, "Basic " + base64("alice:alice-read"), 403,
      "token does not have at least one of required scope(s): [write:package]"),
    AccessCase("gitea-1.22", "DELETE", existing, "Basic " + base64("alice:alice-password"), 204),
    AccessCase(
      "gitea-1.22", "GET", existing, "Basic " + base64("alice:wrong"), 401, "user does not exist [uid: 0, name: alice]"),
    AccessCase(
      "gitea-1.25", "GET", existing, "Basic " + base64("alice:wrong"), 401, "invalid username, password or token"),
    AccessCase("gitea-1.19", "GET", existing, "Basic " + base64("alice:wrong"), 401, tokenRequired),
    AccessCase("gitea-1.22", "GET", existing, "Basic !!!", 401, tokenRequired),
    // Query tokens.
    AccessCase("gitea-1.22", "GET", existing + "?token=alice-read", nil, 200),
    AccessCase("gitea-1.22", "GET", existing + "?access_token=alice-read", nil, 200),
    AccessCase(
      "gitea-1.22", "GET", existing + "?token=nope", "token alice-read", 401, "user does not exist [uid: 0, name: ]"),
    AccessCase("forgejo-11", "DELETE", existing + "?token=alice-write", nil, 204),
    AccessCase("forgejo-12", "DELETE", existing + "?token=alice-write", nil, 401, tokenRequired),
  ]

  static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

  static func check(_ accessCase: AccessCase) throws {
    let profile = try #require(GiteaProfile.named(accessCase.profile))
    let gitea = Fixture.gitea(profile)
    let headers = accessCase.authorization.map { [HeaderField("Authorization", $0)] } ?? []
    let response = gitea.send(accessCase.method, accessCase.target, headers: headers)
    #expect(response.status == accessCase.status)
    if let message = accessCase.message {
      #expect(response.text == apiErrorBody(message))
      #expect(response.header("Content-Type") == "application/json;charset=utf-8")
    }
  }

  @Test("anonymous requests", arguments: anonymousCases)
  func anonymous(_ accessCase: AccessCase) throws { try Self.check(accessCase) }

  @Test("token scopes", arguments: scopeCases)
  func scopes(_ accessCase: AccessCase) throws { try Self.check(accessCase) }

  @Test("owner permissions and public-only tokens", arguments: permissionCases)
  func permissions(_ accessCase: AccessCase) throws { try Self.check(accessCase) }

  @Test("credential forms", arguments: credentialCases)
  func credentials(_ accessCase: AccessCase) throws { try Self.check(accessCase) }

  @Test func queryTokensDrawADeprecationWarningFrom121() {
    let warned = Fixture.gitea(.gitea1_21).get(Self.existing + "?token=alice-read")
    #expect(
      warned.header("X-Gitea-Warning")?.hasPrefix("token and access_token API authentication is deprecated") == true)
    #expect(Fixture.gitea(.gitea1_20).get(Self.existing + "?token=alice-read").header("X-Gitea-Warning") == nil)
    #expect(Fixture.gitea(.gitea1_22).get(Self.existing, token: "alice-read").header("X-Gitea-Warning") == nil)
  }

  /// Gitea's `TestPackageAccess/API`: a read token of a normal user lists
  /// every owner except a private user and a private organisation it is not in.
  @Test func ownerListAccessMatrix() {
    let gitea = Fixture.gitea()
    let expectations = [
      "alice": 200, "root": 200, "members-only": 200, "acme": 200, "vault": 403, "hidden": 403,
    ]
    for (owner, status) in expectations {
      #expect(gitea.get("/api/v1/packages/\(owner)", token: "bob-read").status == status, "\(owner)")
    }
  }

  @Test func scopesAreNormalisedForThe123Message() {
    #expect(TokenScopes(names: ["all"]).normalized == "all")
    #expect(TokenScopes(names: ["public-only", "all"]).normalized == "public-only,all")
    #expect(
      TokenScopes(names: ["read:repository", "write:package", "read:package"]).normalized
        == "write:package,read:repository")
    #expect(TokenScopes(names: []).normalized == "")
  }
}
