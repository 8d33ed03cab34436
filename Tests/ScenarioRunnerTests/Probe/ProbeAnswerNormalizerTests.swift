import Foundation
import RegistryGC
import Testing

@testable import ScenarioRunner

@Suite struct ProbeAnswerNormalizerTests {
  let names = ProbeNames(
    owner: "acme", package: "app", random: "registry-gc-probe-1234",
    bogusToken: "0123456789abcdef0123456789abcdef01234567")
  var normalizer: AnswerNormalizer {
    AnswerNormalizer(
      baseURL: URL(string: "https://git.example.com/gitea/")!, names: names, version: "v1.2", secrets: ["s3cret-token"])
  }

  func response(
    _ status: Int, _ body: String, headers: HTTPHeaders = ["Content-Type": "application/json;charset=utf-8"]
  )
    -> HTTPResponse
  {
    HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
  }

  @Test func errorBodyIsReducedToShapeAndPlaceholderedMessage() {
    let fields = normalizer.fields(
      of: response(
        404,
        #"{"errors":[],"message":"user redirect does not exist [name: registry-gc-probe-1234]","url":"https://git.example.com/gitea/api/swagger"}"#
          + "\n"))
    #expect(
      fields == [
        "status": "404", "content-type": "application/json", "body": "json", "json": "object",
        "keys": "errors,message,url", "errors": "empty array",
        "message": "user redirect does not exist [name: {random}]",
      ])
  }

  @Test func namesAreReplacedOnlyWhereTheyStandAlone() {
    #expect(normalizer.normalize("app not found in apps or happy-app") == "{package} not found in apps or happy-app")
    #expect(
      normalizer.normalize("ACME/App:v1.2 at https://git.example.com/gitea/acme")
        == "{owner}/{package}:{version} at {root}/{owner}")
    #expect(normalizer.normalize("token s3cret-token is bad") == "token *** is bad")
    #expect(
      AnswerNormalizer.replacingWholeNames("a", with: "{owner}", in: "a package of a-b and a")
        == "{owner} package of a-b and {owner}")
  }

  @Test func listRowsAreRelationsToTheTotal() {
    #expect(AnswerNormalizer.rowsRelation(rows: 30, total: 57) == "30 of more")
    #expect(AnswerNormalizer.rowsRelation(rows: 7, total: 7) == "all")
    #expect(AnswerNormalizer.rowsRelation(rows: 0, total: 57) == "0 of more")
    #expect(AnswerNormalizer.rowsRelation(rows: 0, total: 0) == "0 of 0")
    #expect(AnswerNormalizer.rowsRelation(rows: 9, total: 3) == "more than X-Total-Count")
    #expect(AnswerNormalizer.rowsRelation(rows: 4, total: nil) == "some, no X-Total-Count")
  }

  @Test func tieOrderLooksOnlyAtRowsOfTheSameSecond() {
    func rows(_ pairs: [(Int, String)]) -> [Any] {
      pairs.map { ["id": NSNumber(value: $0.0), "created_at": $0.1] as [String: Any] }
    }
    #expect(AnswerNormalizer.tieOrder(rows([(9, "t2"), (3, "t1"), (4, "t1"), (7, "t1")])) == "id ascending")
    #expect(AnswerNormalizer.tieOrder(rows([(3, "t2"), (9, "t1"), (4, "t1")])) == "id descending")
    #expect(AnswerNormalizer.tieOrder(rows([(5, "t1"), (3, "t1"), (4, "t1")])) == "mixed")
    #expect(AnswerNormalizer.tieOrder(rows([(1, "t3"), (2, "t2"), (3, "t1")])) == "no ties")
    #expect(AnswerNormalizer.tieOrder([["name": "x"]]) == nil)
  }

  @Test func listAnswerCarriesHeadersThatMatter() {
    let row =
      #"{"id":5,"created_at":"2026-01-01T00:00:00Z","owner":{"login":"acme","id":1},"creator":{"id":1},"name":"app","version":"v1"}"#
    let headers: HTTPHeaders = [
      "Content-Type": "application/json;charset=utf-8", "X-Total-Count": "31",
      "Link":
        #"<https://x/api/v1/packages/acme?page=2>; rel="next",<https://x/api/v1/packages/acme?page=2>; rel="last""#,
      "X-Gitea-Warning": "token and access_token API authentication is deprecated",
    ]
    let fields = normalizer.fields(of: response(200, "[\(row),\(row)]", headers: headers))
    #expect(fields["rows"] == "2 of more")
    #expect(fields["Link"] == "next,last")
    #expect(fields["X-Gitea-Warning"] == "present")
    #expect(fields["keys"] == "created_at,creator,id,name,owner,version")
    #expect(fields["owner keys"] == "id,login")
    #expect(fields["creator keys"] == "id")
    #expect(fields["ties"] == "mixed")  // the same id twice is neither order
    #expect(fields["message"] == nil)
  }

  @Test func nonJSONBodies() {
    let plain = normalizer.fields(
      of: response(404, "404 page not found\n", headers: ["Content-Type": "text/plain; charset=utf-8"]))
    #expect(plain == ["status": "404", "content-type": "text/plain", "body": "text", "text": "404 page not found"])
    let html = normalizer.fields(
      of: response(
        403, "<!DOCTYPE html><html><head><title>Access denied | git.example.com used Cloudflare</title></head></html>",
        headers: ["Content-Type": "text/html; charset=UTF-8"]))
    #expect(html["body"] == "html")
    #expect(html["title"] == "Access denied | {host} used Cloudflare")
    let empty = normalizer.fields(of: response(204, "", headers: [:]))
    #expect(empty == ["status": "204", "body": "empty"])
  }

  @Test func registryChallengeKeepsOnlyTheScheme() {
    let fields = normalizer.fields(
      of: response(
        401, #"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#,
        headers: [
          "Content-Type": "application/json",
          "WWW-Authenticate": #"Bearer realm="https://git.example.com/v2/token",service="container_registry""#,
        ]))
    #expect(fields["WWW-Authenticate"] == "Bearer")
    #expect(fields["errors"] == "array")
    #expect(fields["keys"] == "errors")
  }

  @Test func versionAnswerGivesFlavourAndVersion() {
    let gitea = normalizer.fields(of: response(200, #"{"version":"1.24.6"}"#), isVersionProbe: true)
    #expect(gitea["flavour"] == "gitea")
    #expect(gitea["reported version"] == "1.24.6")
    let forgejo = normalizer.fields(of: response(200, #"{"version":"11.0.5+gitea-1.22.0"}"#), isVersionProbe: true)
    #expect(forgejo["flavour"] == "forgejo")
  }

  @Test func transportFailureIsAStatus() {
    let fields = normalizer.fields(of: TransportError(.connectionLost, "reset"))
    #expect(fields == ["status": "no answer (connectionLost)"])
  }

  @Test func templatesAreFilledWithEscapedSegments() {
    let names = ProbeNames(owner: "my org", package: "group/image", random: "r", bogusToken: "b")
    #expect(
      names.fill("/api/v1/packages/{owner}/container/{package}/{version}", version: "sha256:ab")
        == "/api/v1/packages/my%20org/container/group%2Fimage/sha256%3Aab")
    #expect(names.fill("/x/{version}", version: nil) == nil)
  }
}
