import Foundation

/// Where a plain-`http` request goes: the host and port to connect to, the
/// `Host` header to send and the request target, all taken from its URL.
struct SocketEndpoint: Sendable, Equatable {
  /// The host as resolved: a name, or an IPv4 or IPv6 literal without brackets.
  var host: String
  var port: UInt16
  /// `host`, or `host:port` when the URL names a port other than 80.
  var hostHeader: String

  /// `host:port`, for messages.
  var authority: String { isIPv6Literal ? "[\(host)]:\(port)" : "\(host):\(port)" }

  /// The pool key: connections are shared by requests to the same host and port.
  var poolKey: PoolKey { PoolKey(host: host, port: port) }

  struct PoolKey: Hashable, Sendable {
    var host: String
    var port: UInt16
  }

  private var isIPv6Literal: Bool { host.utf8.contains(UInt8(ascii: ":")) }

  /// Reads the endpoint of an `http://` URL.
  ///
  /// - Throws: `.other` for `https` (this transport has no TLS) and for URLs
  ///   without a host or with another scheme; the message names the request
  ///   through `label`, never its headers.
  init(url: URL, label: @autoclosure () -> String) throws(TransportError) {
    // Called for every request: plain comparisons first, lower-casing only
    // for the rare upper-case scheme.
    var scheme = url.scheme
    if let given = scheme, given != "http", given != "https" { scheme = given.lowercased() }
    if scheme == "https" {
      throw TransportError(
        .other, "\(label()): SocketHTTPTransport only speaks plain http; use URLSessionTransport for https")
    }
    guard scheme == "http", var host = url.host, !host.isEmpty else {
      throw TransportError(.other, "\(label()): only http URLs with a host can be sent over a plain socket")
    }
    if host.utf8.first == UInt8(ascii: "["), host.utf8.last == UInt8(ascii: "]") {
      host = String(host.dropFirst().dropLast())
    }
    let explicitPort = url.port
    guard let port = UInt16(exactly: explicitPort ?? 80), port != 0 else {
      throw TransportError(.other, "\(label()): the port is not a TCP port")
    }
    self.host = host
    self.port = port
    let bracketedHost = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
    self.hostHeader = explicitPort == nil || port == 80 ? bracketedHost : "\(bracketedHost):\(port)"
  }

  /// The path and query of `url`, still percent-encoded as given: the request
  /// target of an origin-form request line (`/api/v1/x?page=2`).
  static func requestTarget(of url: URL) -> String {
    let path = url.path(percentEncoded: true)
    var target = path.isEmpty ? "/" : path
    if let query = url.query(percentEncoded: true) {
      target += "?" + query
    }
    return target
  }
}
