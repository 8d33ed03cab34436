/// Counters a ``LoopbackHTTPServer`` keeps, for asserting keep-alive,
/// retries and error handling.
public struct ServerStatistics: Sendable, Equatable, CustomStringConvertible {
  /// Connections `accept()` returned, including ones turned away because the
  /// server was at its connection limit.
  public var acceptedConnections: Int
  /// Connections currently held open by a connection thread.
  public var openConnections: Int
  /// Requests that were parsed and handed to the handler.
  public var requestsServed: Int
  /// Requests the server answered by itself with an error status (400, 408,
  /// 413, 431, 501, 505), plus connections turned away with 503 at the
  /// connection limit.
  public var rejectedRequests: Int

  public init(
    acceptedConnections: Int = 0, openConnections: Int = 0, requestsServed: Int = 0, rejectedRequests: Int = 0
  ) {
    self.acceptedConnections = acceptedConnections
    self.openConnections = openConnections
    self.requestsServed = requestsServed
    self.rejectedRequests = rejectedRequests
  }

  public var description: String {
    "accepted \(acceptedConnections) connection(s), \(openConnections) open, "
      + "\(requestsServed) request(s) served, \(rejectedRequests) rejected"
  }
}
