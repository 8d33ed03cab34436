import Foundation

@testable import RegistryGC

/// Which endpoint of the model a request is for, read from the raw
/// (still percent-encoded) path so that `%2F` stays inside one segment.
enum ModelRoute: Sendable, Equatable, Hashable {
  /// `GET /api/v1/packages/{owner}?type=&q=&page=&limit=`
  case list(owner: String, type: String?, query: String?, page: String?, limit: String?)
  /// `DELETE /api/v1/packages/{owner}/container/{name}/{version}`
  case deleteVersion(owner: String, package: String, version: String)
  /// `GET /v2/token?service=&scope=`
  case registryToken(scope: String?)
  /// `GET /v2/{owner}/{image...}/manifests/{reference}`
  case manifest(repository: String, reference: String)
  /// `GET /v2/{repository}/tags/list`
  case tagsList(repository: String)
  /// Anything else: Go's router answers a plain-text 404.
  case unknown(method: String, path: String)

  /// The endpoint without its parameters, for counting requests by kind.
  enum Kind: Sendable, Hashable {
    case list, deleteVersion, registryToken, manifest, tagsList, unknown
  }

  var kind: Kind {
    switch self {
    case .list: .list
    case .deleteVersion: .deleteVersion
    case .registryToken: .registryToken
    case .manifest: .manifest
    case .tagsList: .tagsList
    case .unknown: .unknown
    }
  }

  /// The page number a list request asks for, as Gitea reads it.
  var listPage: Int? {
    guard case .list(_, _, _, let page, _) = self else { return nil }
    return max(1, Int(page ?? "") ?? 1)
  }

  var isList: Bool { listPage != nil }

  init(_ request: HTTPRequest) {
    let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
    let rawPath = components?.percentEncodedPath ?? request.url.path
    let segments = rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
      String($0).removingPercentEncoding ?? String($0)
    }
    var query: [String: String] = [:]
    for pair in (components?.percentEncodedQuery ?? "").split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
      let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
      if query[name] == nil { query[name] = value }
    }
    let method = request.method.uppercased()

    switch (method, segments.first) {
    case ("GET", "api") where segments.count == 4 && segments[1] == "v1" && segments[2] == "packages":
      self = .list(
        owner: segments[3], type: query["type"], query: query["q"], page: query["page"], limit: query["limit"])
    case ("DELETE", "api")
    where segments.count == 7 && segments[1] == "v1" && segments[2] == "packages" && segments[4] == "container":
      self = .deleteVersion(owner: segments[3], package: segments[5], version: segments[6])
    case ("GET", "v2") where segments.count == 2 && segments[1] == "token":
      self = .registryToken(scope: query["scope"])
    case ("GET", "v2") where segments.count >= 5 && segments.suffix(2) == ["tags", "list"]:
      self = .tagsList(repository: segments[1..<(segments.count - 2)].joined(separator: "/"))
    case ("GET", "v2") where segments.count >= 5 && segments[segments.count - 2] == "manifests":
      self = .manifest(
        repository: segments[1..<(segments.count - 2)].joined(separator: "/"), reference: segments[segments.count - 1])
    default:
      self = .unknown(method: method, path: rawPath)
    }
  }
}
