import FakeGitea
import Foundation
import Testing

/// What the server puts on the wire, seen through a raw socket.
@Suite struct LoopbackHTTPServerProtocolTests {
  @Test func reusesOneConnectionForSeveralRequests() async throws {
    try await withServer(handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      var numbers: [String?] = []
      var connections: Set<String?> = []
      for path in ["/a", "/b", "/c"] {
        try client.send(requestText("GET", path))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.header("X-Target") == path)
        #expect(response.header("Connection") == nil)
        numbers.append(response.header("X-Request-Number"))
        connections.insert(response.header("X-Connection"))
      }
      #expect(numbers == ["1", "2", "3"])
      #expect(connections.count == 1)
      #expect(server.statistics.acceptedConnections == 1)
      #expect(server.statistics.requestsServed == 3)
    }
  }

  @Test func answersPipelinedRequestsInOrder() async throws {
    try await withServer(handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(
        requestText("GET", "/first") + requestText("POST", "/second", body: "two")
          + requestText("GET", "/third", headers: ["Connection: close"]))
      let responses = try (0..<3).map { _ in try client.readResponse() }
      #expect(responses.map { $0.header("X-Target") } == ["/first", "/second", "/third"])
      #expect(responses.map(\.text) == ["", "two", ""])
      #expect(responses[2].header("Connection") == "close")
      #expect(client.readToEnd().end == .closed)
    }
  }

  @Test func writesStatusLineAndStandardHeaders() async throws {
    let handler: LoopbackHTTPServer.Handler = { _, _ in
      .text(404, "package does not exist", contentType: "text/plain")
    }
    try await withServer(handler: handler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let response = try client.readResponse()
      #expect(response.status == 404)
      #expect(response.reason == "Not Found")
      #expect(response.header("Content-Length") == "22")
      #expect(response.header("Content-Type") == "text/plain")
      let date = try #require(response.header("Date"))
      #expect(date.hasSuffix(" GMT"))
      #expect(date.count == "Sun, 06 Nov 1994 08:49:37 GMT".count)
      #expect(response.text == "package does not exist")
    }
  }

  @Test func keepsTheHandlersContentLengthAndDate() async throws {
    let handler: LoopbackHTTPServer.Handler = { _, _ in
      ServerResponse(
        status: 200, headers: [HeaderField("Content-Length", "2"), HeaderField("Date", "fixed")],
        body: Data("ok".utf8))
    }
    try await withServer(handler: handler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let response = try client.readResponse()
      #expect(response.headers.filter { $0.name.lowercased() == "content-length" }.count == 1)
      #expect(response.header("Date") == "fixed")
    }
  }

  @Test func decodesAChunkedRequestBody() async throws {
    try await withServer(handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc")
      try client.send("\r\n4;ext=1\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n")
      let response = try client.readResponse()
      #expect(response.text == "abcdefg")
      #expect(response.header("Content-Length") == "7")
    }
  }

  @Test func rejectsContentLengthWithTransferEncoding() async throws {
    try await withServer(handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
      let response = try client.readResponse()
      #expect(response.status == 400)
      #expect(response.header("Connection") == "close")
      #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
      #expect(response.text.contains("Content-Length and Transfer-Encoding"))
      #expect(client.readToEnd().end == .closed)
      #expect(server.statistics.requestsServed == 0)
      #expect(server.statistics.rejectedRequests == 1)
    }
  }

  @Test func rejectsAnUnsupportedTransferEncoding() async throws {
    try await withServer(handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n")
      #expect(try client.readResponse().status == 501)
    }
  }

  @Test func rejectsHTTP2WithVersionNotSupported() async throws {
    try await withServer(handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
      let response = try client.readResponse()
      #expect(response.status == 505)
      #expect(response.reason == "HTTP Version Not Supported")
    }
  }

  @Test func rejectsAnOversizedHeadWith431() async throws {
    let limits = LoopbackHTTPServer.Limits(maxHeadBytes: 256)
    try await withServer(limits: limits, handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText(headers: ["X-Padding: " + String(repeating: "p", count: 300)]))
      let response = try client.readResponse()
      #expect(response.status == 431)
      #expect(response.header("Connection") == "close")
      #expect(client.readToEnd().end == .closed)
    }
  }

  @Test func rejectsAnOversizedBodyWith413() async throws {
    let limits = LoopbackHTTPServer.Limits(maxBodyBytes: 1024)
    try await withServer(limits: limits, handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText("PUT", "/big", body: String(repeating: "b", count: 2048)))
      let response = try client.readResponse()
      #expect(response.status == 413)
      #expect(response.reason == "Content Too Large")
      #expect(client.readToEnd().end == .closed)
      #expect(server.statistics.requestsServed == 0)
    }
  }

  @Test func acceptsABodyOfExactlyTheLimit() async throws {
    let limits = LoopbackHTTPServer.Limits(maxBodyBytes: 1024)
    try await withServer(limits: limits, handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText("PUT", "/big", body: String(repeating: "b", count: 1024)))
      let response = try client.readResponse()
      #expect(response.status == 200)
      #expect(response.body.count == 1024)
    }
  }

  @Test func answersHeadWithTheLengthButNoBody() async throws {
    let handler: LoopbackHTTPServer.Handler = { _, _ in .text(200, "twelve bytes", contentType: "text/plain") }
    try await withServer(handler: handler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText("HEAD", "/thing") + requestText("GET", "/thing"))
      let head = try client.readResponse(toHEAD: true)
      #expect(head.status == 200)
      #expect(head.header("Content-Length") == "12")
      // If HEAD had leaked a body, this would read those bytes as a status line.
      let get = try client.readResponse()
      #expect(get.status == 200)
      #expect(get.text == "twelve bytes")
    }
  }

  @Test(arguments: [204, 304])
  func sendsNoBodyAndNoLengthFor(status: Int) async throws {
    let handler: LoopbackHTTPServer.Handler = { request, _ in
      request.target == "/empty"
        ? ServerResponse(status: status, headers: [HeaderField("Content-Length", "9")], body: Data("not sent!".utf8))
        : .text(200, "next", contentType: "text/plain")
    }
    try await withServer(handler: handler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText("DELETE", "/empty") + requestText("GET", "/next"))
      let empty = try client.readResponse()
      #expect(empty.status == status)
      #expect(empty.header("Content-Length") == nil)
      let next = try client.readResponse()
      #expect(next.status == 200)
      #expect(next.text == "next")
    }
  }

  @Test func sendsContinueBeforeReadingTheBody() async throws {
    try await withServer(handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(
        "PUT /blob HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
      let interim = try client.read(count: 25)
      #expect(String(decoding: interim, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
      try client.send("hello")
      let response = try client.readResponse()
      #expect(response.status == 200)
      #expect(response.text == "hello")
    }
  }

  @Test func closesAfterConnectionClose() async throws {
    try await withServer(handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText(headers: ["Connection: close"]))
      #expect(try client.readResponse().header("Connection") == "close")
      #expect(client.readToEnd().end == .closed)
    }
  }

  @Test func closesAfterTheHandlerAsksToClose() async throws {
    let handler: LoopbackHTTPServer.Handler = { _, _ in
      ServerResponse(status: 200, headers: [HeaderField("Connection", "close")])
    }
    try await withServer(handler: handler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let response = try client.readResponse()
      #expect(response.headers.filter { $0.name == "Connection" }.map(\.value) == ["close"])
      #expect(client.readToEnd().end == .closed)
    }
  }

  @Test func closesHTTP10UnlessAskedToKeepAlive() async throws {
    try await withServer(handler: echoHandler) { server in
      let plain = try RawHTTPClient(port: server.port)
      try plain.send("GET /old HTTP/1.0\r\n\r\n")
      #expect(try plain.readResponse().header("Connection") == "close")
      #expect(plain.readToEnd().end == .closed)

      let keepAlive = try RawHTTPClient(port: server.port)
      try keepAlive.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
      #expect(try keepAlive.readResponse().header("Connection") == "keep-alive")
      try keepAlive.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
      #expect(try keepAlive.readResponse().header("X-Request-Number") == "2")
    }
  }

  @Test func rejectsAStalledPartialRequestAfterTheIdleTimeout() async throws {
    let limits = LoopbackHTTPServer.Limits(idleTimeout: .milliseconds(200))
    try await withServer(limits: limits, handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send("GET /slow HTTP/1.1\r\nHost: h\r\n")
      let response = try client.readResponse()
      #expect(response.status == 408)
      #expect(client.readToEnd().end == .closed)
      #expect(server.statistics.rejectedRequests == 1)
    }
  }

  @Test func closesAnIdleConnectionSilently() async throws {
    let limits = LoopbackHTTPServer.Limits(idleTimeout: .milliseconds(200))
    try await withServer(limits: limits, handler: echoHandler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      #expect(try client.readResponse().status == 200)
      let rest = client.readToEnd()
      #expect(rest.bytes.isEmpty)
      #expect(rest.end == .closed)
      #expect(server.statistics.rejectedRequests == 0)
    }
  }

  @Test func neverPutsLineBreaksFromHeaderValuesOnTheWire() async throws {
    let handler: LoopbackHTTPServer.Handler = { _, _ in
      ServerResponse(status: 200, headers: [HeaderField("X-Note", "a\r\nInjected: yes")])
    }
    try await withServer(handler: handler) { server in
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText())
      let response = try client.readResponse()
      #expect(response.header("Injected") == nil)
      #expect(response.header("X-Note") == "a Injected: yes")
    }
  }

  @Test func survivesAClientThatLeavesBeforeTheAnswer() async throws {
    // A large delayed answer to a client that already hung up: without
    // MSG_NOSIGNAL the write would raise SIGPIPE and kill the test process.
    let handler: LoopbackHTTPServer.Handler = { request, _ in
      request.target == "/big"
        ? ServerResponse(status: 200, body: Data(count: 4 * 1024 * 1024), delay: .milliseconds(50))
        : .text(200, "alive", contentType: "text/plain")
    }
    try await withServer(handler: handler) { server in
      do {
        let leaving = try RawHTTPClient(port: server.port)
        try leaving.send(requestText("GET", "/big"))
      }
      #expect(eventually { server.statistics.openConnections == 0 })
      let client = try RawHTTPClient(port: server.port)
      try client.send(requestText("GET", "/check"))
      #expect(try client.readResponse().text == "alive")
    }
  }
}
