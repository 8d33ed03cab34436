extension LoopbackHTTPServer {
  /// Bounds that keep one misbehaving client from exhausting the server.
  public struct Limits: Sendable, Equatable {
    /// The largest request line plus headers, in bytes (default 80 KiB, as
    /// SwiftNIO). A bigger head is answered with 431 and the connection closed.
    public var maxHeadBytes: Int
    /// The largest request body, in bytes (default 256 MiB). A bigger body is
    /// answered with 413 and the connection closed.
    public var maxBodyBytes: Int
    /// How long a connection may sit without sending a byte, between requests
    /// or in the middle of one (default 15 s). Also how long a `stall`
    /// disruption holds its connection. A half-sent request that stalls this
    /// long is answered with 408; an idle connection is simply closed.
    public var idleTimeout: Duration
    /// How many connections may be open at once (default 512). Connections
    /// beyond that get a 503 and are closed at once.
    public var maxConnections: Int

    public init(
      maxHeadBytes: Int = 80 * 1024,
      maxBodyBytes: Int = 256 * 1024 * 1024,
      idleTimeout: Duration = .seconds(15),
      maxConnections: Int = 512
    ) {
      self.maxHeadBytes = maxHeadBytes
      self.maxBodyBytes = maxBodyBytes
      self.idleTimeout = idleTimeout
      self.maxConnections = maxConnections
    }
  }
}
