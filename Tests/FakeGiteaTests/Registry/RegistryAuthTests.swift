import Foundation
import Testing

@testable import FakeGitea

@Suite("OCI registry: /v2/ check, /v2/token and access")
struct RegistryAuthTests {
  @Test func anonymousBaseCheckIsChallengedWithTheTokenRealm() {
    let (gitea, _) = RegistryFixture.gitea()
    let answer = gitea.handle(ServerRequest(method: "GET", target: "/v2/"))
    #expect(answer.status == 401)
    #expect(
      answer.headerValue("WWW-Authenticate")
        == #"Bearer realm="http://gitea.test/v2/token",service="container_registry",scope="*""#)
    #expect(answer.headerValue("Docker-Distribution-Api-Version") == "registry/2.0")
    #expect(answer.headerValue("Content-Type") == "application/json")
    #expect(answer.registryErrorCode == "UNAUTHORIZED")
    #expect(
      answer.bodyText
        == #"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"# + "\n")
  }

  @Test func tokenFromAnAccessTokenPasswordOpensTheBaseCheck() throws {
    let (gitea, _) = RegistryFixture.gitea()
    let basic = RegistryClient(gitea: gitea, authorization: RegistryFixture.basic("alice", "alice-write"))
    let answer = basic.send("GET", "/v2/token?service=container_registry&scope=repository:alice/app:push,pull")
    #expect(answer.status == 200)
    #expect(answer.headerValue("Docker-Distribution-Api-Version") == "registry/2.0")
    let object = answer.jsonObject
    let token = try #require(object["token"] as? String)
    #expect(object["access_token"] as? String == token)
    #expect(object["expires_in"] as? Int == 86_400)
    #expect(object["issued_at"] as? String == "2026-05-24T16:07:50Z")
    #expect(!token.contains("alice-write"))

    let ping = RegistryClient(gitea: gitea, authorization: "Bearer \(token)").send("GET", "/v2/")
    #expect(ping.status == 200)
    #expect(ping.bodyText == "{}\n")
    #expect(ping.headerValue("Docker-Distribution-Api-Version") == "registry/2.0")
  }

  @Test func tokenAsUserNameWithEmptyPasswordAndPasswordLoginsWork() {
    let (gitea, _) = RegistryFixture.gitea()
    for (user, password) in [("alice-write", ""), ("alice", "alice-password")] {
      let answer = RegistryClient(gitea: gitea, authorization: RegistryFixture.basic(user, password))
        .send("GET", "/v2/token")
      #expect(answer.status == 200, "\(user):\(password.isEmpty ? "<empty>" : "…")")
      #expect(answer.jsonObject["token"] is String)
    }
  }

  @Test func badCredentialsAreRefused() {
    let (gitea, _) = RegistryFixture.gitea()
    let answer = RegistryClient(gitea: gitea, authorization: RegistryFixture.basic("alice", "wrong"))
      .send("GET", "/v2/token")
    #expect(answer.status == 401)
    #expect(answer.registryErrorCode == "UNAUTHORIZED")
    #expect(answer.headerValue("WWW-Authenticate")?.hasPrefix("Bearer realm=") == true)
  }

  @Test func forgedExpiredAndForeignTokensAreRefused() throws {
    let (gitea, _) = RegistryFixture.gitea()
    let client = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-write")
    let token = String(try #require(client.authorization).dropFirst("Bearer ".count))
    var forged = token
    forged.removeLast()
    forged.append(token.hasSuffix("0") ? "1" : "0")
    #expect(RegistryClient(gitea: gitea, authorization: "Bearer \(forged)").send("GET", "/v2/").status == 401)

    let (later, _) = RegistryFixture.gitea(now: RegistryFixture.now.addingTimeInterval(86_400))
    #expect(RegistryClient(gitea: later, authorization: "Bearer \(token)").send("GET", "/v2/").status == 401)
    let (stillValid, _) = RegistryFixture.gitea(now: RegistryFixture.now.addingTimeInterval(86_399))
    #expect(RegistryClient(gitea: stillValid, authorization: "Bearer \(token)").send("GET", "/v2/").status == 200)

    let (otherKey, _) = RegistryFixture.gitea(routes: OCIRegistryRoutes(signingKey: "another key"))
    #expect(RegistryClient(gitea: otherKey, authorization: "Bearer \(token)").send("GET", "/v2/").status == 401)
  }

  @Test func anAccessTokenSentAsBearerOrTokenIsNotARegistryCredential() {
    let (gitea, _) = RegistryFixture.gitea()
    #expect(RegistryClient(gitea: gitea, authorization: "Bearer alice-write").send("GET", "/v2/").status == 401)
    #expect(RegistryClient(gitea: gitea, authorization: "token alice-write").send("GET", "/v2/").status == 401)
    // Basic with the access token works on every /v2 route, not only /v2/token.
    let basic = RegistryClient(gitea: gitea, authorization: RegistryFixture.basic("alice", "alice-write"))
    #expect(basic.send("GET", "/v2/").status == 200)
  }

  @Test func anonymousTokensPullPublicOwnersOnly() throws {
    let (gitea, _) = RegistryFixture.gitea()
    let anonymous = try RegistryClient.anonymous(gitea)
    #expect(anonymous.send("GET", "/v2/").status == 200)
    #expect(anonymous.send("GET", "/v2/alice/seeded/manifests/v1").status == 200)
    let secret = anonymous.send("GET", "/v2/hidden/secret/manifests/1")
    #expect(secret.status == 401)
    #expect(secret.registryErrorCode == "UNAUTHORIZED")
    let push = anonymous.send("POST", "/v2/alice/seeded/blobs/uploads/")
    #expect(push.status == 401)
  }

  @Test func withoutAnyCredentialsEveryRepositoryRouteIsChallenged() {
    let (gitea, _) = RegistryFixture.gitea()
    let answer = gitea.handle(ServerRequest(method: "GET", target: "/v2/alice/seeded/tags/list"))
    #expect(answer.status == 401)
    #expect(answer.headerValue("WWW-Authenticate") != nil)
  }

  @Test func pushNeedsWriteScopeAndWriteAccess() throws {
    let (gitea, _) = RegistryFixture.gitea()
    let reader = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-read")
    let denied = reader.send("POST", "/v2/alice/app/blobs/uploads/")
    #expect(denied.status == 403)
    #expect(denied.registryErrorCode == "DENIED")
    #expect(reader.send("GET", "/v2/alice/seeded/tags/list").status == 200)

    let bob = try RegistryClient.signedIn(gitea, user: "bob", password: "bob-write")
    let foreign = bob.send("POST", "/v2/alice/app/blobs/uploads/")
    #expect(foreign.status == 403)
    #expect(foreign.jsonObject.description.contains("user should have specific permission"))
    #expect(bob.send("GET", "/v2/hidden/secret/tags/list").status == 403)

    let alice = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-write")
    #expect(alice.send("POST", "/v2/acme/app/blobs/uploads/").status == 202)
    #expect(alice.send("POST", "/v2/alice/app/blobs/uploads/").status == 202)
  }

  @Test func unknownOwnersAndInvalidNamesAreReported() throws {
    let (gitea, _) = RegistryFixture.gitea()
    let alice = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-write")
    let unknown = alice.send("GET", "/v2/nobody/app/tags/list")
    #expect(unknown.status == 404)
    #expect(unknown.registryErrorCode == "NAME_UNKNOWN")
    let invalid = alice.send("GET", "/v2/alice/bad..name/tags/list")
    #expect(invalid.status == 400)
    #expect(invalid.registryErrorCode == "NAME_INVALID")
  }

  @Test func otherPathsAreLeftToThePackagesAPIAndBadMethodsAreUnsupported() throws {
    let (gitea, _) = RegistryFixture.gitea()
    let rest = gitea.handle(
      ServerRequest(
        method: "GET", target: "/api/v1/packages/alice", headers: [HeaderField("Authorization", "token alice-read")]))
    #expect(rest.status == 200)
    #expect(rest.headerValue("Docker-Distribution-Api-Version") == nil)

    let alice = try RegistryClient.signedIn(gitea, user: "alice", password: "alice-write")
    let patch = alice.send("PATCH", "/v2/alice/seeded/manifests/v1")
    #expect(patch.status == 405)
    #expect(patch.registryErrorCode == "UNSUPPORTED")
    #expect(patch.headerValue("Allow") == "GET, HEAD, PUT, DELETE")
    let unmatched = alice.send("GET", "/v2/alice")
    #expect(unmatched.status == 404)
    #expect(gitea.journal.last?.notes.contains("answered by OCIRegistryRoutes") == true)
  }
}
