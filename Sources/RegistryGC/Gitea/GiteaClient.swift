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

  public init(baseURL: URL, token: Secret?, userAgent: String, transport: any HTTPTransport, pageSize: Int = 50) {
    self.baseURL = baseURL
    self.token = token
    self.userAgent = userAgent
    self.transport = transport
    self.pageSize = pageSize
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
  public func listVersions(owner: String, package: String) async throws(GCError) -> Listing {
    var rows: [PackageVersion] = []
    var seen = Set<Int64>()
    var warnings: [String] = []
    var page = 1
    var fullPage: Int?
    var lastTotal: Int?
    var requests = 0

    while true {
      let request = self.request(
        "GET", path: "/api/v1/packages/\(PercentEncoding.encode(owner))",
        query: [("type", "container"), ("q", package), ("page", String(page)), ("limit", String(pageSize))])
      let response: HTTPResponse
      do {
        response = try await send(request)
      } catch {
        throw GCError(error.kind, error.message + (page > 1 ? " (listing page \(page))" : "") + ". Nothing was deleted.")
      }
      requests += 1
      guard response.status == 200 else {
        var error = ServerAnswer.error(for: response, to: request, userAgent: userAgent)
        if error.kind == .notFound, ServerAnswer.giteaMessage(response)?.contains("user redirect does not exist") == true {
          error.message = "The owner \"\(owner)\" does not exist on this Gitea (HTTP 404: \"\(ServerAnswer.giteaMessage(response)!)\"). Check --owner."
        }
        if page > 1 {
          error.kind = error.kind == .transport ? .transport : .listingIncomplete
          error.message = "Listing stopped at page \(page): \(error.message) Nothing was deleted."
        }
        throw error
      }
      let pageRows: [PackageVersion]
      do {
        pageRows = try PackageVersion.decodePage(response.body)
      } catch {
        throw GCError(
          .unexpectedResponse,
          "The list page \(page) from \(request.url.path) is not what Gitea sends: \(error.message). Nothing was deleted.")
      }
      if let total = response.headers["X-Total-Count"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
        if let lastTotal, lastTotal != total {
          throw GCError(
            .listingIncomplete,
            "The number of listed versions changed from \(lastTotal) to \(total) while reading the pages (a push or delete ran at the same time). Nothing was deleted; run again.")
        }
        lastTotal = total
      }
      var fresh = 0
      for row in pageRows where seen.insert(row.id).inserted {
        rows.append(row)
        fresh += 1
      }
      if pageRows.isEmpty { break }
      if fresh == 0 {
        throw GCError(
          .listingIncomplete,
          "Page \(page) repeated rows already seen, so the server does not page this list as Gitea does. Nothing was deleted.")
      }
      // Only a short page ends the listing: X-Total-Count is a hint, and a
      // server that under-reports it must not cut the list short.
      if let fullPage, pageRows.count < fullPage { break }
      if fullPage == nil { fullPage = pageRows.count }
      page += 1
    }

    if let lastTotal, rows.count < lastTotal {
      throw GCError(
        .listingIncomplete,
        "The server reported \(lastTotal) matching versions (X-Total-Count) but only \(rows.count) could be read. Nothing was deleted.")
    }
    if let lastTotal, rows.count > lastTotal {
      warnings.append("read \(rows.count) versions but the server's X-Total-Count said \(lastTotal)")
    }

    let wanted = package.lowercased()
    let matching = rows.filter { $0.type == "container" && $0.packageName.lowercased() == wanted }
    let siblings = Set(rows.filter { $0.packageName.lowercased() != wanted }.map(\.packageName)).sorted()
    return Listing(versions: matching, otherPackages: siblings, rowsRead: rows.count, requests: requests, warnings: warnings)
  }

  // MARK: Deleting

  /// Deletes one version. Never sends an empty version: on Gitea 1.26 the
  /// resulting path deletes the whole package.
  public func deleteVersion(owner: String, package: String, version: String) async -> DeleteOutcome {
    guard !version.isEmpty, !package.isEmpty, !owner.isEmpty else {
      return .failed("refused to send a DELETE with an empty owner, package or version")
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
  public var requests: Int
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
