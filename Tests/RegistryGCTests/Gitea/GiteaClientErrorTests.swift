import Foundation
import Testing

@testable import RegistryGC

/// The listing fails closed: every answer that is not a complete, well-formed
/// list throws a ``GCError`` whose kind and message say what to do.
@Suite("GiteaClient.listVersions: failing closed")
struct GiteaClientErrorTests {
  typealias F = GCFixtures

  /// Lists `acme/app` over a model of 75 tags (pages of 30) whose answers
  /// `interceptor` changes, and returns the error thrown.
  static func listingError(
    versions: [ModelVersion] = F.numberedTags(75), owner: String = "acme",
    _ interceptor: @escaping ModelGiteaTransport.Interceptor
  ) async -> (GCError?, ModelGiteaTransport) {
    let transport = F.transport(versions, configure: { $0.honoursLimit = false }, interceptor: interceptor)
    do {
      _ = try await F.client(transport).listVersions(owner: owner, package: "app")
      return (nil, transport)
    } catch {
      return (error, transport)
    }
  }

  /// An interceptor answering list page `page` with `response`.
  static func onPage(_ page: Int, _ response: HTTPResponse) -> ModelGiteaTransport.Interceptor {
    { incoming in incoming.route.listPage == page ? .answer(response) : nil }
  }

  static func changingTotal(_ total: @escaping @Sendable (Int) -> String?) -> ModelGiteaTransport.Interceptor {
    { incoming in
      guard let page = incoming.route.listPage else { return nil }
      return .rewrite { response in
        var response = response
        response.headers["X-Total-Count"] = total(page)
        return response
      }
    }
  }

  @Test func aTotalLargerThanTheRowsThrows() async throws {
    let (error, _) = await Self.listingError(Self.changingTotal { _ in "80" })
    let thrown = try #require(error)
    #expect(thrown.kind == .listingIncomplete)
    #expect(
      thrown.message
        == "The server reported 80 matching versions (X-Total-Count) but only 75 could be read. Nothing was deleted.")
  }

  @Test func aTotalThatChangesBetweenPagesThrows() async throws {
    let (error, transport) = await Self.listingError(Self.changingTotal { $0 == 2 ? "76" : "75" })
    let thrown = try #require(error)
    #expect(thrown.kind == .listingIncomplete)
    #expect(thrown.message.hasPrefix("The number of listed versions changed from 75 to 76 while reading the pages"))
    #expect(thrown.message.contains("Nothing was deleted"))
    // Page 1's total (75 rows of 30) implies pages 2 and 3: both were asked
    // for together, and page 2, read first, is where the total changed.
    #expect(transport.listExchanges.compactMap(\.route.listPage).sorted() == [1, 2, 3])
  }

  @Test("a dropped page against an honest total throws", arguments: [1, 2, 3])
  func aDroppedPageThrows(page: Int) async throws {
    let (error, _) = await Self.listingError(
      Self.onPage(page, ModelGiteaTransport.json(200, [Any](), headers: ["X-Total-Count": "75"])))
    let thrown = try #require(error)
    #expect(thrown.kind == .listingIncomplete)
    #expect(thrown.message.contains("reported 75 matching versions"))
  }

  @Test func aShortenedPageAgainstAnHonestTotalThrows() async throws {
    let (error, _) = await Self.listingError { incoming in
      guard incoming.route.listPage == 2 else { return nil }
      return .rewrite { response in
        // Drop the last row of the page, keep the headers: the short page ends the reading.
        var rows = (try? JSONSerialization.jsonObject(with: response.body) as? [Any]) ?? []
        rows.removeLast()
        var shortened = ModelGiteaTransport.json(200, rows)
        shortened.headers["X-Total-Count"] = response.headers["X-Total-Count"]
        return shortened
      }
    }
    let thrown = try #require(error)
    #expect(thrown.kind == .listingIncomplete)
    #expect(thrown.message.contains("but only 59 could be read"))
  }

  /// A total that is there but unreadable would turn off the check for
  /// missing rows if it were ignored; URLSession joins two headers with a
  /// comma, which is how "500, 120" arrives.
  @Test(arguments: ["lots", "-5", "500, 120", "", "1e3"])
  func anUnreadableTotalThrows(header: String) async throws {
    let (error, transport) = await Self.listingError(Self.changingTotal { _ in header })
    let thrown = try #require(error)
    #expect(thrown.kind == .unexpectedResponse)
    #expect(thrown.message.contains("has an X-Total-Count that is not a count: \"\(header)\""))
    #expect(transport.deletes.isEmpty)
  }

  /// A server claiming an absurd total gets a few pages fetched ahead, not
  /// billions: reading stops at the first short page, and the rows missing
  /// against the claim fail the listing.
  @Test func anAbsurdTotalFetchesOnlyAWindowAhead() async throws {
    let transport = F.transport(F.numberedTags(75)) { $0.reportedTotal = Int.max }
    var client = F.client(transport)
    client.pagesInFlight = 4
    let error = await #expect(throws: GCError.self) { try await client.listVersions(owner: "acme", package: "app") }
    #expect(error?.kind == .listingIncomplete)
    #expect(error?.message.contains("reported \(Int.max) matching versions") == true)
    // Page 1, then pages 2-5 at most: page 2 (25 rows) is short.
    #expect(transport.listExchanges.count <= 5)
  }

  @Test func aHugeWindowDoesNotOverflow() async throws {
    let transport = F.transport(F.numberedTags(175))
    var client = F.client(transport)
    client.pagesInFlight = Int.max
    let listing = try await client.listVersions(owner: "acme", package: "app")
    #expect(listing.versions.count == 175)
  }

  /// Pages 2 and 3 are fetched together; the error reported is the first in
  /// page order, whichever answer came back first.
  @Test func theFirstProblemInPageOrderIsTheOneReported() async throws {
    let (error, transport) = await Self.listingError { incoming in
      switch incoming.route.listPage {
      case 2: .answer(ModelGiteaTransport.plainText(500, "boom"))
      case 3: .fail(TransportError(.connectionLost, "reset"))
      default: nil
      }
    }
    let thrown = try #require(error)
    #expect(thrown.kind == .listingIncomplete)
    #expect(thrown.message.hasPrefix("Listing stopped at page 2: "))
    #expect(transport.listExchanges.compactMap(\.route.listPage).sorted() == [1, 2, 3])
    #expect(transport.deletes.isEmpty)
  }

  @Test func aPageRepeatingRowsThrows() async throws {
    // A server that ignores `page` sends page 1 every time.
    let (error, transport) = await Self.listingError { incoming in
      guard case .list(let owner, let type, let query, _, let limit) = incoming.route, incoming.route.listPage != 1
      else {
        return nil
      }
      var model = ModelRegistry(owner: owner, versions: F.numberedTags(75))
      model.honoursLimit = false
      let (rows, total) = model.page(type: type, query: query, page: "1", limit: limit)
      return .answer(ModelGiteaTransport.json(200, rows.map(model.json), headers: ["X-Total-Count": "\(total)"]))
    }
    let thrown = try #require(error)
    #expect(thrown.kind == .listingIncomplete)
    #expect(
      thrown.message
        == "Page 2 repeated rows already seen: the list changed while it was read, or the server does not page it as Gitea does. Nothing was deleted."
    )
    #expect(transport.listExchanges.compactMap(\.route.listPage).sorted() == [1, 2, 3])
  }

  @Test func aBodyThatIsNotJSONThrows() async throws {
    let (error, _) = await Self.listingError(Self.onPage(1, ModelGiteaTransport.plainText(200, "<html>welcome</html>")))
    let thrown = try #require(error)
    #expect(thrown.kind == .unexpectedResponse)
    #expect(
      thrown.message
        == "The list page 1 from /api/v1/packages/acme is not what Gitea sends: the body is not JSON (unexpected character at byte 0; starts with \"<html>welcome</html>\"). Nothing was deleted."
    )
  }

  @Test func aJSONObjectInsteadOfAnArrayThrows() async throws {
    let (error, _) = await Self.listingError(Self.onPage(1, ModelGiteaTransport.json(200, ["message": "ok"])))
    let thrown = try #require(error)
    #expect(thrown.kind == .unexpectedResponse)
    #expect(thrown.message.contains("the body is JSON but not an array of packages"))
  }

  @Test(
    "a row that is not a Gitea package throws",
    arguments: [
      ("created_at", nil, "row 0 has no string 'created_at'"),
      ("created_at", "yesterday", "row 0 has a 'created_at' that is not an RFC 3339 time: \"yesterday\""),
      (
        "created_at", "2025-02-30T00:00:00Z",
        "row 0 has a 'created_at' that is not an RFC 3339 time: \"2025-02-30T00:00:00Z\""
      ),
      ("version", nil, "row 0 has no string 'version'"),
      ("version", "", "row 0 has an empty 'version'"),
      ("name", nil, "row 0 has no string 'name'"),
      ("type", nil, "row 0 has no string 'type'"),
      ("id", nil, "row 0 has no integer 'id'"),
      ("id", "12", "row 0 has no integer 'id'"),
    ] as [(String, String?, String)])
  func aMalformedRowThrows(field: String, value: String?, problem: String) async throws {
    let (error, _) = await Self.listingError(versions: [F.row("v1", id: 1, created: F.ago(days: 1))]) { incoming in
      guard incoming.route.isList else { return nil }
      return .rewrite { response in
        var rows = (try? JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
        rows[0][field] = value
        return ModelGiteaTransport.json(200, rows, headers: ["X-Total-Count": "1"])
      }
    }
    let thrown = try #require(error)
    #expect(thrown.kind == .unexpectedResponse)
    #expect(
      thrown.message
        == "The list page 1 from /api/v1/packages/acme is not what Gitea sends: \(problem). Nothing was deleted.")
  }

  @Test func aRowThatIsNotAnObjectThrows() async throws {
    let (error, _) = await Self.listingError(Self.onPage(1, ModelGiteaTransport.json(200, [1, 2])))
    #expect(error?.message.contains("row 0 is not a JSON object") == true)
  }

  @Test func anUnknownOwnerIsNamed() async throws {
    let (error, _) = await Self.listingError(owner: "ghost") { _ in nil }
    let thrown = try #require(error)
    #expect(thrown.kind == .notFound)
    #expect(
      thrown.message
        == "The owner \"ghost\" does not exist on this Gitea (HTTP 404: \"user redirect does not exist [name: ghost]\"). Check --owner."
    )
  }

  @Test func aPlainTextRouteNotFoundPointsAtTheHost() async throws {
    let (error, _) = await Self.listingError(Self.onPage(1, ModelGiteaTransport.plainText(404, "404 page not found\n")))
    let thrown = try #require(error)
    #expect(thrown.kind == .notFound)
    #expect(
      thrown.message
        == "GET /api/v1/packages/acme is not a Gitea API route on this host (HTTP 404, text/plain; charset=utf-8, \"404 page not found\"). Check the host: it must be Gitea's root URL, such as https://git.example.com, without /api/v1."
    )
  }

  @Test func aJSONNotFoundIsQuoted() async throws {
    let (error, _) = await Self.listingError(
      Self.onPage(1, ModelGiteaTransport.json(404, ["message": "package does not exist", "url": "x"])))
    let thrown = try #require(error)
    #expect(thrown.kind == .notFound)
    #expect(
      thrown.message
        == "Gitea answered GET /api/v1/packages/acme with 404 \"package does not exist\". Check --owner, --package and the host."
    )
  }

  @Test func anHTMLForbiddenIsBlamedOnAProxyNamingTheUserAgent() async throws {
    let page = ModelGiteaTransport.html(
      403, title: "Access denied | git.example.com used Cloudflare to restrict access")
    let (error, _) = await Self.listingError(Self.onPage(1, page))
    let thrown = try #require(error)
    #expect(thrown.kind == .blockedByProxy)
    #expect(thrown.message.contains("this request sent \"\(F.userAgent)\""))
    #expect(
      thrown.message.contains(
        "HTTP 403, text/html; charset=UTF-8, server: cloudflare, \"Access denied | git.example.com used Cloudflare to restrict access\""
      ))
    #expect(thrown.message.contains("--user-agent"))
  }

  @Test func aJSONUnauthorizedQuotesGiteaAndNamesTheScope() async throws {
    let (error, _) = await Self.listingError(
      Self.onPage(1, ModelGiteaTransport.json(401, ["message": "token is required"])))
    let thrown = try #require(error)
    #expect(thrown.kind == .unauthorized)
    #expect(
      thrown.message.hasPrefix(
        "Gitea refused the credentials for GET /api/v1/packages/acme (HTTP 401: \"token is required\")."))
    #expect(thrown.message.contains("write:package"))
    #expect(thrown.message.contains("GITEA_TOKEN"))
  }

  @Test func aWrongTokenIsUnauthorized() async throws {
    let transport = F.transport(F.numberedTags(3))
    let client = GiteaClient(
      baseURL: F.host, token: Secret("wrong-token-9"), userAgent: "ua", transport: transport)
    do {
      _ = try await client.listVersions(owner: "acme", package: "app")
      Issue.record("a wrong token was accepted")
    } catch {
      #expect(error.kind == .unauthorized)
      #expect(error.message.contains("\"invalid username, password or token\""))
      #expect(!error.message.contains("wrong-token-9"))
    }
  }

  @Test func aJSONForbiddenQuotesGiteaAndNamesTheScope() async throws {
    let message =
      "token does not have at least one of required scope(s), required=[write:package], token scope=read:package"
    let (error, _) = await Self.listingError(Self.onPage(1, ModelGiteaTransport.json(403, ["message": message])))
    let thrown = try #require(error)
    #expect(thrown.kind == .forbidden)
    #expect(thrown.message.hasPrefix("Gitea refused GET /api/v1/packages/acme (HTTP 403: \"\(message)\")."))
    #expect(thrown.message.contains("Deleting needs a token with the write:package scope"))
  }

  @Test func aServerErrorOnPageTwoIsAnIncompleteListing() async throws {
    let (error, transport) = await Self.listingError(Self.onPage(2, ModelGiteaTransport.json(500, ["message": ""])))
    let thrown = try #require(error)
    #expect(thrown.kind == .listingIncomplete)
    #expect(
      thrown.message
        == "Listing stopped at page 2: GET /api/v1/packages/acme failed with HTTP 500: \"\". Nothing was deleted.")
    #expect(transport.deletes.isEmpty)
  }

  @Test func aServerErrorOnPageOneIsAnUnexpectedResponse() async throws {
    let (error, _) = await Self.listingError(
      Self.onPage(1, ModelGiteaTransport.plainText(500, "Internal Server Error")))
    let thrown = try #require(error)
    #expect(thrown.kind == .unexpectedResponse)
    #expect(
      thrown.message
        == "GET /api/v1/packages/acme failed with HTTP 500 (text/plain; charset=utf-8, \"Internal Server Error\").")
  }

  @Test func aNotFoundOnALaterPageIsAnIncompleteListing() async throws {
    let (error, _) = await Self.listingError(Self.onPage(3, ModelGiteaTransport.plainText(404, "404 page not found")))
    let thrown = try #require(error)
    #expect(thrown.kind == .listingIncomplete)
    #expect(thrown.message.hasPrefix("Listing stopped at page 3: GET /api/v1/packages/acme is not a Gitea API route"))
  }

  @Test("no answer at all is a transport error", arguments: [1, 2])
  func noAnswerIsATransportError(page: Int) async throws {
    let (error, _) = await Self.listingError { incoming in
      incoming.route.listPage == page ? .fail(TransportError(.connectionLost, "the connection was reset")) : nil
    }
    let thrown = try #require(error)
    #expect(thrown.kind == .transport)
    #expect(thrown.message.contains("GET /api/v1/packages/acme got no answer: the connection was reset"))
  }
}
