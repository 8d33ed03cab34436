import Foundation

/// Which ``HTTPTransport`` `registry-gc` talks through (`--http-client`).
public enum HTTPClientChoice: String, Sendable, Equatable, CaseIterable {
  /// ``SocketHTTPTransport`` for an `http://` host, ``URLSessionTransport``
  /// for `https://`.
  case auto
  /// ``URLSessionTransport`` whatever the scheme.
  case urlsession
  /// ``SocketHTTPTransport``; plain `http://` hosts only.
  case socket

  /// The concrete choice for `host`: never ``auto``.
  public func resolved(for host: URL) -> HTTPClientChoice {
    guard self == .auto else { return self }
    return host.scheme?.lowercased() == "http" ? .socket : .urlsession
  }

  /// Creates the transport this choice names for `host`, with at most
  /// `maximumConnections` connections to it, together with the call that
  /// releases those connections once the run is over.
  public func makeTransport(
    for host: URL, idleTimeout: Duration, maximumConnections: Int = 8
  ) -> (transport: any HTTPTransport, invalidate: @Sendable () -> Void) {
    switch resolved(for: host) {
    case .socket:
      let transport = SocketHTTPTransport(idleTimeout: idleTimeout, maximumConnections: maximumConnections)
      return (transport, { transport.invalidate() })
    case .auto, .urlsession:
      let transport = URLSessionTransport(idleTimeout: idleTimeout, maximumConnectionsPerHost: maximumConnections)
      return (transport, { transport.invalidate() })
    }
  }
}
