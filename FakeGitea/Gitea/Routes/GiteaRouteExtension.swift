import Foundation

/// A set of extra routes served on top of the store, consulted before the
/// packages API (the OCI registry's `/v2/…` routes are meant to plug in here).
public protocol GiteaRouteExtension: Sendable {
  /// The answer to `request`, or `nil` to let the packages API handle it.
  /// Runs under the fake's lock, after the proxy and fault rules.
  func response(to request: ServerRequest, store: inout GiteaStore, context: GiteaRequestContext) -> ServerResponse?
}

/// What an extension knows about the request beyond its bytes.
public struct GiteaRequestContext: Sendable {
  public let profile: GiteaProfile
  /// ROOT_URL, ending with `/`.
  public let rootURL: String
  /// The fake's clock at this request.
  public let now: Date
  public let timeZoneOffsetSeconds: Int
  /// The doer as the API auth layer sees it (tokens, Basic, query tokens).
  public let authentication: Authentication
  /// Path segments after slash normalisation, each percent-decoded; `nil`
  /// when the path has a malformed escape.
  public let pathSegments: [String]?
}
