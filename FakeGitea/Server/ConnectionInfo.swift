/// Which connection a request came in on, handed to the server's handler next
/// to the request so tests can tell keep-alive reuse from new connections.
public struct ConnectionInfo: Sendable, Equatable, Hashable {
  /// Numbers the server's connections in the order they were accepted, from 1.
  public let connectionID: Int
  /// Numbers the requests on this connection, from 1.
  public let requestNumber: Int

  public init(connectionID: Int, requestNumber: Int) {
    self.connectionID = connectionID
    self.requestNumber = requestNumber
  }
}
