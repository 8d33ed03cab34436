import Foundation
import Testing

@testable import RegistryGC

@Suite("GiteaClient.listVersions: paging and filtering")
struct GiteaClientListingTests {
  typealias F = GCFixtures

  static func pages(_ transport: ModelGiteaTransport) -> [Int] {
    transport.listExchanges.compactMap(\.route.listPage)
  }

  @Test func readsAllPagesOfThirtyWhenTheServerIgnoresLimit() async throws {
    let transport = F.transport(F.numberedTags(75)) { $0.honoursLimit = false }
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.count == 75)
    #expect(Set(listing.versions.map(\.version)).count == 75)
    #expect(listing.rowsRead == 75)
    #expect(listing.pagesRead == 3)
    #expect(Self.pages(transport) == [1, 2, 3])
    #expect(listing.warnings.isEmpty)
    #expect(listing.otherPackages.isEmpty)
  }

  @Test func readsPagesOfFiftyWhenLimitIsHonoured() async throws {
    let transport = F.transport(F.numberedTags(75))
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.count == 75)
    #expect(listing.pagesRead == 2)
    #expect(transport.listExchanges.map { try? $0.outcome.get().headers["X-Total-Count"] } == ["75", "75"])
  }

  @Test func asksForMoreThanTheCapAndGetsTheCap() async throws {
    let transport = F.transport(F.numberedTags(120))
    let listing = try await F.client(transport, pageSize: 100).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.count == 120)
    #expect(Self.pages(transport) == [1, 2, 3])
  }

  /// X-Total-Count is only a hint: an exactly full last page is confirmed
  /// by asking for the next one, which comes back empty.
  @Test func anExactlyFullLastPageIsConfirmedByAnEmptyOne() async throws {
    let transport = F.transport(F.numberedTags(60)) { $0.honoursLimit = false }
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.count == 60)
    #expect(Self.pages(transport) == [1, 2, 3])
  }

  @Test func withoutATotalItReadsUntilAShortOrEmptyPage() async throws {
    let transport = F.transport(F.numberedTags(60)) {
      $0.honoursLimit = false
      $0.sendsTotalCount = false
    }
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.count == 60)
    #expect(Self.pages(transport) == [1, 2, 3])
  }

  /// Once page 1 gives the total, the pages it implies are fetched a few at
  /// a time and read in order; the listing is the same as one by one.
  @Test(arguments: [1, 3, 8])
  func pagesAfterTheFirstAreFetchedConcurrently(pagesInFlight: Int) async throws {
    let transport = F.transport(F.numberedTags(300))
    var client = F.client(transport)
    client.pagesInFlight = pagesInFlight
    let listing = try await client.listVersions(owner: "acme", package: "app")
    let oneByOne = F.transport(F.numberedTags(300))
    var sequential = F.client(oneByOne)
    sequential.pagesInFlight = 1
    #expect(listing.versions == (try await sequential.listVersions(owner: "acme", package: "app")).versions)
    #expect(listing.versions.count == 300)
    // 300 rows of 50: pages 1-6 full, page 7 empty confirms the end.
    #expect(Self.pages(transport).sorted() == Array(1...7))
    #expect(listing.pagesRead == 7)
    #expect(transport.maxInFlight(.list) <= pagesInFlight)
    #expect(Self.pages(oneByOne) == Array(1...7))
  }

  /// A total that under-reports ends the concurrent part early; full pages
  /// after it are still read, one by one, until a short one.
  @Test func anUnderReportedTotalDoesNotEndTheListing() async throws {
    let transport = F.transport(F.numberedTags(175)) { $0.reportedTotal = 60 }
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.count == 175)
    #expect(Self.pages(transport).sorted() == [1, 2, 3, 4])
    #expect(listing.warnings == ["read 175 versions but the server's X-Total-Count said 60"])
  }

  @Test func anEmptyListIsOneRequest() async throws {
    let transport = F.transport([])
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.isEmpty)
    #expect(listing.pagesRead == 1)
  }

  @Test("B-32: sibling packages fill pages and are filtered out")
  func siblingRowsAreFilteredOut() async throws {
    // app's three rows are the oldest, so they sit on the last page behind 45 sibling rows.
    let siblings =
      F.numberedTags(40, package: "app-preview", firstID: 100) + F.numberedTags(5, package: "my_app", firstID: 200)
    let own = (1...3).map { k in F.row("a\(k)", id: Int64(k), created: F.ago(days: Double(100 + k)), package: "app") }
    let transport = F.transport(siblings + own + [F.row("x", id: 300, created: F.ago(days: 1), package: "other")]) {
      $0.honoursLimit = false
    }
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.map(\.version) == ["a1", "a2", "a3"])
    #expect(listing.versions.allSatisfy { $0.packageName == "app" })
    #expect(listing.otherPackages == ["app-preview", "my_app"])
    #expect(listing.rowsRead == 48)
    #expect(listing.pagesRead == 2)
  }

  @Test func theNameFilterIgnoresCase() async throws {
    let transport = F.transport([F.row("v1", id: 1, created: F.ago(days: 1), package: "myimage")])
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "MyImage")
    #expect(listing.versions.map(\.version) == ["v1"])
    #expect(listing.otherPackages.isEmpty)
  }

  @Test func rowsOfOtherPackageTypesAreIgnoredEvenIfTheServerSendsThem() async throws {
    var npm = F.row("1.0.0", id: 2, created: F.ago(days: 1), package: "app")
    npm.type = "npm"
    let versions = [npm, F.row("v1", id: 1, created: F.ago(days: 1))]
    let filtering = F.transport(versions)
    let listing = try await F.client(filtering).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.map(\.version) == ["v1"])
    #expect(listing.rowsRead == 1)

    let careless = F.transport(versions) { $0.filtersType = false }
    let mixed = try await F.client(careless).listVersions(owner: "acme", package: "app")
    #expect(mixed.versions.map(\.version) == ["v1"])
    #expect(mixed.rowsRead == 2)
  }

  @Test func rowsAreDecodedWithTheirOwnTimestampText() async throws {
    let created = Date(timeIntervalSince1970: 1_779_653_270)
    let transport = F.transport([
      ModelVersion(id: 7, package: "app", version: "v1", createdAt: created, createdAtText: "2026-05-24T16:07:50-04:00")
    ])
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "app")
    let row = try #require(listing.versions.first)
    #expect(
      row
        == PackageVersion(
          id: 7, packageName: "app", version: "v1", createdAt: created, createdAtText: "2026-05-24T16:07:50-04:00"))
  }

  @Test func everyRequestCarriesUserAgentTokenAndEncodedQuery() async throws {
    let transport = F.transport(F.numberedTags(35, package: "team/app")) { $0.honoursLimit = false }
    _ = try await F.client(transport).listVersions(owner: "acme", package: "team/app")
    let requests = transport.requests
    #expect(requests.count == 2)
    for (index, request) in requests.enumerated() {
      #expect(request.method == "GET")
      #expect(request.headers["User-Agent"] == F.userAgent)
      #expect(request.headers["Authorization"] == "token \(F.token)")
      #expect(request.headers["Accept"] == "application/json")
      let components = try #require(URLComponents(url: request.url, resolvingAgainstBaseURL: false))
      #expect(components.percentEncodedPath == "/api/v1/packages/acme")
      #expect(components.percentEncodedQuery == "type=container&q=team%2Fapp&page=\(index + 1)&limit=50")
    }
  }

  @Test func theOwnerIsEncodedInThePath() async throws {
    let transport = F.transport([], owner: "o w")
    _ = try await F.client(transport).listVersions(owner: "o w", package: "app")
    let components = try #require(URLComponents(url: transport.requests[0].url, resolvingAgainstBaseURL: false))
    #expect(components.percentEncodedPath == "/api/v1/packages/o%20w")
  }

  @Test func aHostWithTrailingSlashesGivesOneSlash() async throws {
    let transport = F.transport([])
    let client = GiteaClient(
      baseURL: URL(string: "https://git.example.com//")!, token: nil, userAgent: "ua", transport: transport)
    _ = try? await client.listVersions(owner: "acme", package: "app")
    #expect(transport.requests[0].url.absoluteString.hasPrefix("https://git.example.com/api/v1/packages/acme?"))
    #expect(transport.requests[0].headers["Authorization"] == nil)
  }

  @Test func moreRowsThanTheTotalAreReadWithAWarning() async throws {
    let transport = F.transport(
      F.numberedTags(75),
      interceptor: { incoming in
        guard incoming.route.isList else { return nil }
        return .rewrite { response in
          var response = response
          response.headers["X-Total-Count"] = "70"
          return response
        }
      })
    let listing = try await F.client(transport).listVersions(owner: "acme", package: "app")
    #expect(listing.versions.count == 75)
    #expect(listing.warnings == ["read 75 versions but the server's X-Total-Count said 70"])
  }
}
