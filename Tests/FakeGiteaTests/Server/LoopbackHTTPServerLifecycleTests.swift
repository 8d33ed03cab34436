import FakeGitea
import Foundation
import Glibc
import Testing

/// Starting, stopping, addresses, limits and counters.
@Suite struct LoopbackHTTPServerLifecycleTests {
  @Test func startsOnAKernelChosenPort() throws {
    let server = LoopbackHTTPServer(handler: echoHandler)
    #expect(server.port == 0)
    let port = try server.start()
    defer { server.stop() }
    #expect(port != 0)
    #expect(server.port == port)
    #expect(server.baseURL == "http://127.0.0.1:\(port)")
  }

  @Test func listensOnlyOn127001() throws {
    let server = LoopbackHTTPServer(handler: echoHandler)
    let port = try server.start()
    defer { server.stop() }
    // 127.0.0.2 is loopback too, so only a socket bound to 127.0.0.1 itself
    // (not to 0.0.0.0) refuses it.
    let other = RawHTTPClient.connect(port: port, address: "127.0.0.2")
    #expect(other.errorNumber == ECONNREFUSED)
    let local = RawHTTPClient.connect(port: port, address: "127.0.0.1")
    #expect(local.errorNumber == 0)
    close(local.fd)
  }

  @Test func reportsAPortInUse() throws {
    let first = LoopbackHTTPServer(handler: echoHandler)
    let port = try first.start()
    defer { first.stop() }
    let second = LoopbackHTTPServer(handler: echoHandler)
    #expect {
      try second.start(port: port)
    } throws: { error in
      guard let error = error as? ServerError else { return false }
      return error.kind == .portUnavailable && error.errorNumber == EADDRINUSE
        && error.description.contains("127.0.0.1:\(port)")
    }
  }

  @Test func refusesToStartTwiceOrAfterStopping() throws {
    let server = LoopbackHTTPServer(handler: echoHandler)
    try server.start()
    #expect(throws: ServerError.self) { try server.start() }
    server.stop()
    #expect {
      try server.start()
    } throws: { error in
      (error as? ServerError)?.kind == .alreadyStopped
    }
  }

  @Test func stopIsIdempotentAndRefusesNewConnections() throws {
    let server = LoopbackHTTPServer(handler: echoHandler)
    let port = try server.start()
    server.stop()
    server.stop()
    #expect(RawHTTPClient.connect(port: port, address: "127.0.0.1").errorNumber == ECONNREFUSED)
    LoopbackHTTPServer(handler: echoHandler).stop()  // before start: harmless
  }

  @Test(.timeLimit(.minutes(1)))
  func stopEndsStalledAndDelayedConnections() throws {
    let handler: LoopbackHTTPServer.Handler = { request, _ in
      request.target == "/stall"
        ? ServerResponse(status: 200, disruption: .stall)
        : ServerResponse(status: 200, delay: .seconds(600))
    }
    let server = LoopbackHTTPServer(limits: .init(idleTimeout: .seconds(600)), handler: handler)
    let port = try server.start()
    let stalled = try RawHTTPClient(port: port)
    try stalled.send(requestText("GET", "/stall"))
    let delayed = try RawHTTPClient(port: port)
    try delayed.send(requestText("GET", "/delay"))
    let idle = try RawHTTPClient(port: port)
    #expect(eventually { server.statistics.requestsServed == 2 && server.statistics.openConnections == 3 })

    // Each of these would hold its thread for ten minutes; stop() must not wait for that.
    server.stop()
    #expect(server.statistics.openConnections == 0)
    for client in [stalled, delayed, idle] {
      let result = client.readToEnd(timeout: .seconds(5))
      #expect(result.bytes.isEmpty)
      #expect(result.end != .timedOut)
    }
  }

  @Test func countsConnectionsAndRequests() async throws {
    try await withServer(handler: echoHandler) { server in
      let first = try RawHTTPClient(port: server.port)
      try first.send(requestText("GET", "/1") + requestText("GET", "/2"))
      _ = try first.readResponse()
      _ = try first.readResponse()
      let second = try RawHTTPClient(port: server.port)
      try second.send(requestText("GET", "/3"))
      _ = try second.readResponse()
      let third = try RawHTTPClient(port: server.port)
      try third.send("NONSENSE\r\n\r\n")
      #expect(try third.readResponse().status == 400)
      #expect(third.readToEnd().end == .closed)
      _ = consume third

      #expect(eventually { server.statistics.openConnections == 2 })
      #expect(
        server.statistics
          == ServerStatistics(acceptedConnections: 3, openConnections: 2, requestsServed: 3, rejectedRequests: 1))
      _ = (consume first, consume second)
      #expect(eventually { server.statistics.openConnections == 0 })
    }
  }

  @Test func turnsAwayConnectionsBeyondTheLimit() async throws {
    try await withServer(limits: .init(maxConnections: 1), handler: echoHandler) { server in
      let first = try RawHTTPClient(port: server.port)
      try first.send(requestText())
      #expect(try first.readResponse().status == 200)

      let second = try RawHTTPClient(port: server.port)
      let refused = try second.readResponse()
      #expect(refused.status == 503)
      #expect(refused.header("Connection") == "close")
      #expect(server.statistics.rejectedRequests == 1)

      _ = consume first
      #expect(eventually { server.statistics.openConnections == 0 })
      let third = try RawHTTPClient(port: server.port)
      try third.send(requestText())
      #expect(try third.readResponse().status == 200)
    }
  }
}
