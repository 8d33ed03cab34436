import Foundation

/// Which HTTP redirects ``URLSessionTransport`` follows by itself. A redirect
/// that is not followed comes back as the 3xx response, `Location` included,
/// so the caller can say where the server wanted to go.
///
/// URLSession copies every header, `Authorization` included, onto the
/// redirected request, whatever its host. Following only same-host redirects
/// keeps the token from travelling to another server.
public enum RedirectPolicy: Sendable, Equatable {
  /// Follow nothing.
  case never
  /// Follow redirects of GET and HEAD requests to the same host (any port),
  /// as Python's urllib did for the GC's predecessor, but never from https
  /// to http. Other methods are not redirected: a DELETE that answers 301
  /// is returned as such rather than replayed elsewhere.
  case sameHost

  /// Whether a `method` request that began at `origin` may go on to `target`.
  public func allows(method: String, from origin: URL, to target: URL) -> Bool {
    switch self {
    case .never:
      return false
    case .sameHost:
      let method = method.uppercased()
      guard method == "GET" || method == "HEAD" else { return false }
      guard let originHost = origin.host?.lowercased(), let targetHost = target.host?.lowercased(),
        originHost == targetHost
      else { return false }
      let originScheme = origin.scheme?.lowercased()
      switch target.scheme?.lowercased() {
      case "https": return originScheme == "https" || originScheme == "http"
      case "http": return originScheme == "http"
      default: return false
      }
    }
  }
}
