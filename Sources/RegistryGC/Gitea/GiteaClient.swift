import Foundation

/// Talks to Gitea's packages REST API: lists a package's versions page by
/// page and deletes single versions. Every request carries the configured
/// User-Agent and, when there is one, `Authorization: token …`.
public struct GiteaClient: Sendable {
  public var baseURL: URL
  public var token: Secret?
  public var userAgent: String
  public var transport: any HTTPTransport
  /// Rows asked for per page. Gitea caps it at 50 by default and falls back
  /// to 30 for values it does not accept; the client copes with either.
  public var pageSize: Int
  /// List pages requested at once once the total is known (1: one by one).
  public var pagesInFlight: Int

  public init(
    baseURL: URL, token: Secret?, userAgent: String, transport: any HTTPTransport, pageSize: Int = 50,
    pagesInFlight: Int = 4
  ) {
    self.baseURL = baseURL
    self.token = token
    self.userAgent = userAgent
    self.transport = transport
    self.pageSize = pageSize
    self.pagesInFlight = max(1, pagesInFlight)
  }

  // MARK: Requests

  /// A request for `path` (already percent-encoded) and `query` items
  /// (encoded here).
  func request(_ method: String, path: String, query: [(String, String)] = []) -> HTTPRequest {
    var text = path
    if !query.isEmpty {
      text += "?" + query.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }
    var headers: HTTPHeaders = ["User-Agent": userAgent, "Accept": "application/json"]
    if let token { headers["Authorization"] = "token \(token.value)" }
    return HTTPRequest(method: method, url: baseURL.appendingRawPath(text), headers: headers)
  }

  func send(_ request: HTTPRequest) async throws(GCError) -> HTTPResponse {
    do {
      return try await transport.send(request)
    } catch {
      throw GCError(.transport, "\(request.method) \(request.url.path) got no answer: \(error.message)")
    }
  }

  /// The path of one version: `/api/v1/packages/{owner}/container/{name}/{version}`.
  func versionPath(owner: String, package: String, version: String) -> String {
    "/api/v1/packages/\(PercentEncoding.encode(owner))/container/\(PercentEncoding.encode(package))/\(PercentEncoding.encode(version))"
  }

  // MARK: Listing

  /// Every version of `owner`'s container package `package`, read through
  /// the owner's list endpoint page by page.
  ///
  /// Gitea's `q=` matches any package whose name *contains* the text, so the
  /// rows are filtered to the exact name (case-insensitively: Gitea
  /// lower-cases container names). The listing fails closed: any error, a
  /// body that is not a list of packages, or rows missing against
  /// `X-Total-Count` throws, so no plan is ever made from part of a list.
  ///
  /// Once page 1 has given the total, the pages it implies are fetched up to
  /// ``pagesInFlight`` at a time, but read strictly in page order with the
  /// same checks as one by one; the first problem in page order is the one
  /// reported.
  public func listVersions(owner: String, package: String) async throws(GCError) -> Listing {
    var reader = PageSequenceReader()
    let first = try await fetchPage(1, owner: owner, package: package).get()
    if try reader.read(first) == .more {
      // Page 1 was full; the total (a hint) says how many pages follow.
      // Past those, or without a total, one page at a time.
      let lastExpected = reader.expectedLastPage ?? 1
      if lastExpected > 1 {
        try await readConcurrently(pages: 2...lastExpected, owner: owner, package: package, into: &reader)
      }
      while !reader.isFinished {
        let page = reader.nextPage
        _ = try reader.read(try await fetchPage(page, owner: owner, package: package).get())
      }
    }
    return try reader.listing(package: package)
  }

  /// Fetches `pages` and feeds them to `reader` in page order, until it has
  /// read a short page. Only the ``pagesInFlight`` pages from the one the
  /// reader needs next are ever asked for, so an answer that comes early
  /// waits in memory for at most that many others.
  private func readConcurrently(
    pages: ClosedRange<Int>, owner: String, package: String, into reader: inout PageSequenceReader
  ) async throws(GCError) {
    let outcome = await withTaskGroup(of: (Int, Result<FetchedPage, GCError>).self) { group -> GCError? in
      var nextToFetch = pages.lowerBound
      var arrived: [Int: Result<FetchedPage, GCError>] = [:]
      func fetchAhead() {
        // Written as a difference so that no pagesInFlight can overflow it.
        while nextToFetch <= pages.upperBound, nextToFetch - reader.nextPage < pagesInFlight {
          let page = nextToFetch
          nextToFetch += 1
          group.addTask { (page, await self.fetchPage(page, owner: owner, package: package)) }
        }
      }
      fetchAhead()
      defer { group.cancelAll() }
      while let (page, result) = await group.next() {
        arrived[page] = result
        while let ready = arrived.removeValue(forKey: reader.nextPage) {
          do throws(GCError) {
            if try reader.read(ready.get()) == .finished { return nil }
          } catch {
            return error
          }
        }
        fetchAhead()
      }
      return nil
    }
    if let outcome { throw outcome }
  }

  /// One list page, requested and decoded; errors carry the page number.
  func fetchPage(_ page: Int, owner: String, package: String) async -> Result<FetchedPage, GCError> {
    let request = self.request(
      "GET", path: "/api/v1/packages/\(PercentEncoding.encode(owner))",
      query: [("type", "container"), ("q", package), ("page", String(page)), ("limit", String(pageSize))])
    let response: HTTPResponse
    do {
      response = try await send(request)
    } catch {
      return .failure(
        GCError(error.kind, error.message + (page > 1 ? " (listing page \(page))" : "") + ". Nothing was deleted."))
    }
    guard response.status == 200 else {
      var error = ServerAnswer.error(for: response, to: request, userAgent: userAgent)
      if error.kind == .notFound, let message = ServerAnswer.giteaMessage(response),
        message.contains("user redirect does not exist")
      {
        error.message = "The owner \"\(owner)\" does not exist on this Gitea (HTTP 404: \"\(message)\"). Check --owner."
      }
      if page > 1 {
        error.kind = error.kind == .transport ? .transport : .listingIncomplete
        error.message = "Listing stopped at page \(page): \(error.message) Nothing was deleted."
      }
      return .failure(error)
    }
    // A total that is there but unreadable (two headers joined by a comma,
    // a word, a negative number) is refused: ignoring it would turn off the
    // check for missing rows.
    var total: Int?
    if let text = response.headers["X-Total-Count"] {
      guard let number = Int(text.trimmingCharacters(in: .whitespaces)), number >= 0 else {
        return .failure(
          GCError(
            .unexpectedResponse,
            "The list page \(page) from \(request.url.path) has an X-Total-Count that is not a count: \(PrintableText.quoted(text, limit: 40)). Nothing was deleted."
          ))
      }
      total = number
    }
    do {
      let rows = try PackageVersion.decodePage(response.body)
      return .success(FetchedPage(number: page, rows: rows, total: total))
    } catch {
      return .failure(
        GCError(
          .unexpectedResponse,
          "The list page \(page) from \(request.url.path) is not what Gitea sends: \(error.message). Nothing was deleted."))
    }
  }

  // MARK: Deleting

  /// Deletes one version. Never sends an empty version: on Gitea 1.26 the
  /// resulting path deletes the whole package.
  public func deleteVersion(owner: String, package: String, version: String) async -> DeleteOutcome {
    guard !version.isEmpty, !package.isEmpty, !owner.isEmpty else {
      return .failed("refused to send a DELETE with an empty owner, package or version")
    }
    guard ![owner, package, version].contains(where: PathSegment.isDotSegment) else {
      return .failed("refused to send a DELETE for \"\(version)\": \".\" and \"..\" are path steps, not names")
    }
    let request = self.request("DELETE", path: versionPath(owner: owner, package: package, version: version))
    let response: HTTPResponse
    do {
      response = try await send(request)
    } catch {
      return .failed(error.message)
    }
    switch response.status {
    case 204, 200: return .deleted
    case 404: return .notFound(ServerAnswer.giteaMessage(response) ?? ServerAnswer.describeBody(response))
    default: return .failed(ServerAnswer.error(for: response, to: request, userAgent: userAgent).message)
    }
  }
}

/// The versions of one package, as listed.
public struct Listing: Sendable {
  public var versions: [PackageVersion]
  /// Names of other packages whose rows the substring search returned.
  public var otherPackages: [String]
  public var rowsRead: Int
  /// List pages read, in order, up to the one that ended the listing.
  public var pagesRead: Int
  public var warnings: [String]
}

/// What one DELETE did.
public enum DeleteOutcome: Sendable, Equatable {
  case deleted
  /// 404: gone already, or a wrong URL; the caller decides which.
  case notFound(String)
  case failed(String)
}

/// A credential that never prints itself.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
  public let value: String
  public init(_ value: String) { self.value = value }
  public var description: String { "***" }
  public var debugDescription: String { "***" }
}
