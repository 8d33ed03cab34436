/// One request of the fixed probe list `gc-conformance probe` sends.
///
/// Every probe is safe to send to a production server: all are GETs except
/// ``deleteMissingVersion``, which deletes a version whose name is random
/// (`registry-gc-probe-<uuid>`) and is only sent after ``deleteCheck`` got a
/// 404 for that very version. Probes run in the order of `allCases`.
///
/// Targets are templates; the runner fills in the placeholders, each
/// percent-encoded as one path segment or query value:
/// `{owner}`, `{package}`, `{random}` (the run's random name), `{version}`
/// (a version taken from the ``list`` answer) and `{bogus-token}`.
public enum Probe: String, CaseIterable, Sendable, Codable {
  case serverVersion = "version"
  case list = "list"
  case listLimit100 = "list-limit-100"
  case listPastEnd = "list-past-end"
  case listAnonymous = "list-anonymous"
  case listPythonUserAgent = "list-python-urllib"
  case listInvalidToken = "list-invalid-token"
  case listCapitalisedScheme = "list-token-scheme-capitalised"
  case listQueryToken = "list-query-token"
  case versionsPath = "versions-path"
  case missingVersion = "missing-version"
  case missingVersionAnonymous = "missing-version-anonymous"
  case missingOwner = "missing-owner"
  case existingVersion = "existing-version"
  case existingVersionFiles = "existing-version-files"
  case listPackageVersions = "list-versions"
  case listVersionsOfMissingPackage = "list-versions-missing-package"
  case latestVersion = "latest"
  case latestOfMissingPackage = "latest-missing-package"
  case registryBase = "registry-base"
  case registryToken = "registry-token"
  case deleteCheck = "delete-check"
  case deleteMissingVersion = "delete-missing-version"

  /// The credentials a probe sends.
  enum Credentials: Sendable {
    /// `Authorization: token <the user's token>` (nothing when no token was given).
    case token
    /// No `Authorization` header.
    case anonymous
    /// `Authorization: token <a random 40-hex string>`: a token no server issued.
    case invalidToken
    /// `Authorization: Token <the user's token>`: the scheme with a capital T.
    case capitalisedScheme
  }

  /// The HTTP method.
  var method: String { self == .deleteMissingVersion ? "DELETE" : "GET" }

  /// The request target below the server's base URL, with placeholders.
  var target: String {
    let packages = "/api/v1/packages/{owner}"
    let listQuery = "?type=container&q={package}"
    switch self {
    case .serverVersion: return "/api/v1/version"
    case .list: return packages + listQuery
    case .listLimit100: return packages + listQuery + "&limit=100"
    case .listPastEnd: return packages + listQuery + "&page=1000"
    // The variants are about who may list, not the list: one row is enough.
    case .listAnonymous, .listPythonUserAgent, .listInvalidToken, .listCapitalisedScheme:
      return packages + listQuery + "&limit=1"
    case .listQueryToken: return packages + listQuery + "&limit=1&token={bogus-token}"
    case .versionsPath: return packages + "/container/{package}/versions"
    case .missingVersion, .missingVersionAnonymous, .deleteCheck, .deleteMissingVersion:
      return packages + "/container/{package}/{random}"
    case .missingOwner: return "/api/v1/packages/{random}?type=container"
    case .existingVersion: return packages + "/container/{package}/{version}"
    case .existingVersionFiles: return packages + "/container/{package}/{version}/files"
    case .listPackageVersions: return packages + "/container/{package}"
    case .listVersionsOfMissingPackage: return packages + "/container/{random}"
    case .latestVersion: return packages + "/container/{package}/-/latest"
    case .latestOfMissingPackage: return packages + "/container/{random}/-/latest"
    case .registryBase: return "/v2/"
    case .registryToken: return "/v2/token"
    }
  }

  var credentials: Credentials {
    switch self {
    case .listAnonymous, .missingVersionAnonymous, .registryBase, .registryToken, .listQueryToken: .anonymous
    case .listInvalidToken: .invalidToken
    case .listCapitalisedScheme: .capitalisedScheme
    default: .token
    }
  }

  /// Sent with `User-Agent: Python-urllib/3.11` instead of the configured one.
  var usesPythonUserAgent: Bool { self == .listPythonUserAgent }

  /// The User-Agent of the Python standard library, which some proxies refuse.
  static let pythonUserAgent = "Python-urllib/3.11"

  /// Needs a version taken from the ``list`` answer.
  var needsExistingVersion: Bool { self == .existingVersion || self == .existingVersionFiles }

  /// `GET /api/v1/version`-style description, with the credentials noted:
  /// the `request` of a recorded answer.
  var requestDescription: String {
    var text = "\(method) \(target)"
    switch credentials {
    case .token: break
    case .anonymous: text += " (no Authorization)"
    case .invalidToken: text += " (Authorization: token <invalid>)"
    case .capitalisedScheme: text += " (Authorization: Token <token>)"
    }
    if usesPythonUserAgent { text += " (User-Agent: \(Self.pythonUserAgent))" }
    if self == .deleteMissingVersion { text += " (only after delete-check answered 404)" }
    return text
  }

  /// What the answer tells, for the documentation and the usage text.
  public var purpose: String {
    switch self {
    case .serverVersion: "the reported version and flavour (Gitea or Forgejo)"
    case .list: "the owner list: default page size, row shape, X-Total-Count, Link, tie order"
    case .listLimit100: "the cap on limit (50 by default)"
    case .listPastEnd: "a page past the end: 200 [] and the Link header"
    case .listAnonymous: "whether anonymous reads pass (Gitea ≤1.18 and Forgejo 12 allow them)"
    case .listPythonUserAgent: "a proxy that refuses the Python-urllib User-Agent"
    case .listInvalidToken: "the answer to a token the server never issued (ignored ≤1.19, message per version)"
    case .listCapitalisedScheme: "whether `Token` is accepted as well as `token` (1.25+)"
    case .listQueryToken: "query-string tokens: accepted, warned about (X-Gitea-Warning) or ignored"
    case .versionsPath: "the wrong …/container/P/versions URL: the version named `versions`"
    case .missingVersion: "the 404 message for a version that does not exist"
    case .missingVersionAnonymous: "401 before 404 (token first: Gitea 1.24+, Forgejo 11) or 404 first"
    case .missingOwner: "the 404 for an owner that does not exist"
    case .existingVersion: "one version's shape (html_url, owner and creator keys)"
    case .existingVersionFiles: "the files of that version: `Size` (≤1.23, Forgejo) or `size` (1.24+)"
    case .listPackageVersions: "list-versions of one package (Gitea 1.24+), plain 404 before"
    case .listVersionsOfMissingPackage: "list-versions of a missing package: 200 [] (1.24–1.25) or 404 (1.26+)"
    case .latestVersion: "`-/latest` (Gitea 1.24+), plain 404 before"
    case .latestOfMissingPackage: "`-/latest` of a missing package: the NotFound message of each version"
    case .registryBase: "the registry: 401 with a Bearer challenge"
    case .registryToken: "the registry's anonymous token: the answer's keys"
    case .deleteCheck: "GET of the random version about to be deleted: must be 404"
    case .deleteMissingVersion: "DELETE of that random version: the delete route's 404"
    }
  }
}
