import FakeGitea
import Foundation
import Testing

/// Each ``ServerResponse/Disruption`` as a raw client sees it.
@Suite struct LoopbackHTTPServerDisruptionTests {
  private func disrupting(
    _ disruption: ServerResponse.Disruption, body: String = "0123456789abcdefghij"
  ) -> LoopbackHTTPServer.Handler {
    { _, _ in
      ServerResponse(
        status: 200, headers: [HeaderField("Content-Type", "application/json")], body: Data(body.utf8),
        disruption: disruption)
    }
  }

  @Test func resetSendsAnRSTAndNothingElse() async throws {
    try await withServer(handler: disrupting(.reset)) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let result = client.readToEnd()
      #expect(result.bytes.isEmpty)
      #expect(result.end == .reset)
    }
  }

  @Test func closeWithoutResponseClosesCleanlyWithNoBytes() async throws {
    try await withServer(handler: disrupting(.closeWithoutResponse)) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let result = client.readToEnd()
      #expect(result.bytes.isEmpty)
      #expect(result.end == .closed)
    }
  }

  @Test func garbageThenCloseSendsBytesThatAreNotHTTP() async throws {
    try await withServer(handler: disrupting(.garbageThenClose)) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let result = client.readToEnd()
      #expect(!result.bytes.isEmpty)
      #expect(!result.bytes.starts(with: Array("HTTP/".utf8)))
      #expect(result.end == .closed)
    }
  }

  @Test func truncatedBodySendsHalfOfTheAnnouncedBody() async throws {
    try await withServer(handler: disrupting(.truncatedBody)) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let result = client.readToEnd()
      let text = String(decoding: result.bytes, as: UTF8.self)
      let parts = text.components(separatedBy: "\r\n\r\n")
      #expect(parts.count == 2)
      #expect(parts[0].hasPrefix("HTTP/1.1 200 OK\r\n"))
      #expect(parts[0].contains("Content-Length: 20\r\n"))
      #expect(parts[1] == "0123456789")
      #expect(result.end == .closed)
    }
  }

  @Test func truncatedBodyInventsABodyWhenThereIsNone() async throws {
    try await withServer(handler: disrupting(.truncatedBody, body: "")) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let text = String(decoding: client.readToEnd().bytes, as: UTF8.self)
      let parts = text.components(separatedBy: "\r\n\r\n")
      #expect(parts[0].contains("Content-Length: 64\r\n"))
      #expect(parts.last?.utf8.count == 32)
    }
  }

  @Test func stallHoldsTheConnectionUntilTheIdleTimeout() async throws {
    let limits = LoopbackHTTPServer.Limits(idleTimeout: .milliseconds(600))
    try await withServer(limits: limits, handler: disrupting(.stall)) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let early = client.readToEnd(timeout: .milliseconds(100))
      #expect(early.bytes.isEmpty)
      #expect(early.end == .timedOut)
      #expect(server.statistics.openConnections == 1)
      let late = client.readToEnd(timeout: .seconds(3))
      #expect(late.bytes.isEmpty)
      #expect(late.end == .closed)
    }
  }

  @Test func delayWaitsBeforeAnswering() async throws {
    let handler: LoopbackHTTPServer.Handler = { _, _ in
      ServerResponse(status: 200, body: Data("late".utf8), delay: .milliseconds(400))
    }
    try await withServer(handler: handler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      #expect(client.readToEnd(timeout: .milliseconds(50)).end == .timedOut)
      #expect(try client.readResponse().text == "late")
    }
  }
}
