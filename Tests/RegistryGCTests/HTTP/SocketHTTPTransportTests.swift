import FakeGitea
import Foundation
import Synchronization
import Testing

@testable import RegistryGC

/// SocketHTTPTransport against real servers on 127.0.0.1: the fake's
/// LoopbackHTTPServer (with its connection faults) and, for framings that
/// one never sends, a server of canned bytes.
@Suite("SocketHTTPTransport over loopback")
struct SocketHTTPTransportTests {
  typealias ReceivedLog = URLSessionTransportTests.ReceivedLog

  static func startServer(
    limits: LoopbackHTTPServer.Limits = LoopbackHTTPServer.Limits(),
    _ answer: @escaping @Sendable (ServerRequest, ConnectionInfo) -> ServerResponse
  ) throws -> (LoopbackHTTPServer, ReceivedLog) {
    let log = ReceivedLog()
    let server = LoopbackHTTPServer(limits: limits) { request, connection in
      log.record(request, connection)
      return answer(request, connection)
    }
    try server.start(port: 0)
    return (server, log)
  }

  static func url(_ server: LoopbackHTTPServer, _ path: String) -> URL {
    URL(string: server.baseURL + path)!
  }

  static func transport(
    idleTimeout: Duration = .seconds(5), deadline: Duration = .seconds(5), maximumConnections: Int = 8
  ) -> SocketHTTPTransport {
    SocketHTTPTransport(idleTimeout: idleTimeout, deadline: deadline, maximumConnections: maximumConnections)
  }

  /// Sends `request` and returns the error it fails with, or nil if it succeeds.
  static func failure(of request: HTTPRequest, through transport: SocketHTTPTransport) async -> TransportError? {
    do {
      _ = try await transport.send(request)
      return nil
    } catch {
      return error
    }
  }

  // MARK: Ordinary exchanges

  @Test func getReturnsStatusBodyAndHeaders() async throws {
    let (server, log) = try Self.startServer { _, _ in
      ServerResponse(
        status: 200,
        headers: [
          HeaderField("Content-Type", "application/json"), HeaderField("X-Total-Count", "42"),
          HeaderField("Link", #"<http://x/api?page=2>; rel="next""#),
        ],
        body: Data(#"[{"id":1}]"#.utf8))
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let response = try await transport.send(
      HTTPRequest(method: "GET", url: Self.url(server, "/api/v1/packages/o%2Fx?type=container&q=a%20b&page=1")))
    #expect(response.status == 200)
    #expect(response.text == #"[{"id":1}]"#)
    #expect(response.headers["x-total-count"] == "42")
    #expect(response.headers["content-type"] == "application/json")
    #expect(response.headers["Link"] == #"<http://x/api?page=2>; rel="next""#)
    let received = try #require(log.requests.first)
    #expect(received.target == "/api/v1/packages/o%2Fx?type=container&q=a%20b&page=1")
    #expect(received.header("Host") == "127.0.0.1:\(server.port)")
    #expect(received.header("Connection") == "keep-alive")
    #expect(received.header("Content-Length") == nil)
  }

  @Test func deleteReturns204WithAnEmptyBody() async throws {
    let (server, log) = try Self.startServer { _, _ in ServerResponse(status: 204) }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let response = try await transport.send(
      HTTPRequest(method: "delete", url: Self.url(server, "/api/v1/packages/o/container/app/1.0")))
    #expect(response.status == 204)
    #expect(response.body.isEmpty)
    #expect(log.requests.map(\.method) == ["DELETE"])
  }

  @Test func sendsHeadersAndBodyAsGiven() async throws {
    let (server, log) = try Self.startServer { _, _ in ServerResponse(status: 201) }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let request = HTTPRequest(
      method: "POST", url: Self.url(server, "/api/v1/things"),
      headers: [
        "User-Agent": "registry-gc/1.0", "Authorization": "token 0123456789abcdef",
        "Content-Type": "application/json", "Content-Length": "999", "Host": "evil.example",
      ],
      body: Data(#"{"a":1}"#.utf8))
    let response = try await transport.send(request)
    #expect(response.status == 201)
    let received = try #require(log.requests.first)
    #expect(received.method == "POST")
    #expect(received.header("User-Agent") == "registry-gc/1.0")
    #expect(received.header("Authorization") == "token 0123456789abcdef")
    #expect(received.header("Content-Type") == "application/json")
    #expect(received.header("Content-Length") == "7")
    #expect(received.header("Host") == "127.0.0.1:\(server.port)")
    #expect(received.body == Data(#"{"a":1}"#.utf8))
  }

  @Test func refusesAHeaderValueWithALineBreakWithoutQuotingIt() async throws {
    let transport = Self.transport()
    defer { transport.invalidate() }
    let error = await Self.failure(
      of: HTTPRequest(
        method: "GET", url: URL(string: "http://127.0.0.1:1/x")!,
        headers: ["Authorization": "token s3cr3t\r\nX-Injected: 1"]),
      through: transport)
    #expect(
      error == TransportError(.other, "GET http://127.0.0.1:1/x: the value of header Authorization holds a line break"))
  }

  // MARK: Connections

  @Test func sequentialRequestsReuseOneConnection() async throws {
    let (server, log) = try Self.startServer { request, _ in
      request.method == "DELETE" ? ServerResponse(status: 204) : .text(200, "ok", contentType: "text/plain")
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let methods = ["GET", "DELETE", "HEAD", "GET", "DELETE", "GET"]
    var bodies: [String] = []
    for (index, method) in methods.enumerated() {
      bodies.append(try await transport.send(HTTPRequest(method: method, url: Self.url(server, "/n/\(index)"))).text)
    }
    #expect(bodies == ["ok", "", "", "ok", "", "ok"])
    #expect(server.statistics.acceptedConnections == 1)
    #expect(log.connections.map(\.requestNumber) == [1, 2, 3, 4, 5, 6])
  }

  @Test(arguments: [8, 3])
  func parallelRequestsStayWithinTheConnectionLimit(limit: Int) async throws {
    let (server, _) = try Self.startServer { request, _ in
      ServerResponse(status: 200, body: Data(request.rawPath.utf8), delay: .milliseconds(40))
    }
    defer { server.stop() }
    let transport = Self.transport(maximumConnections: limit)
    defer { transport.invalidate() }
    let bodies = try await withThrowingTaskGroup(of: String.self) { group in
      for index in 0..<16 {
        let url = Self.url(server, "/p/\(index)")
        group.addTask { try await transport.send(HTTPRequest(method: "GET", url: url)).text }
      }
      return try await group.reduce(into: Set<String>()) { $0.insert($1) }
    }
    #expect(bodies == Set((0..<16).map { "/p/\($0)" }))
    let accepted = server.statistics.acceptedConnections
    #expect(accepted <= limit)
    #expect(accepted >= 2)
  }

  @Test func manyConcurrentRequestsEachGetTheirOwnAnswer() async throws {
    let (server, log) = try Self.startServer { request, _ in
      request.method == "DELETE" ? ServerResponse(status: 204) : .text(200, request.target, contentType: "text/plain")
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let answers = try await withThrowingTaskGroup(of: [String].self) { group in
      for lane in 0..<8 {
        let base = server.baseURL
        group.addTask {
          var answers: [String] = []
          for index in 0..<40 {
            let path = "/lane/\(lane)/\(index)"
            let method = index % 3 == 0 ? "DELETE" : "GET"
            let response = try await transport.send(HTTPRequest(method: method, url: URL(string: base + path)!))
            answers.append(method == "DELETE" ? "\(response.status) \(path)" : response.text)
          }
          return answers
        }
      }
      return try await group.reduce(into: [String]()) { $0 += $1 }
    }
    let expected = (0..<8).flatMap { lane in
      (0..<40).map { index in index % 3 == 0 ? "204 /lane/\(lane)/\(index)" : "/lane/\(lane)/\(index)" }
    }
    #expect(answers.sorted() == expected.sorted())
    #expect(log.requests.count == 320)
    #expect(server.statistics.acceptedConnections <= 8)
  }

  @Test func aLargeBodyOnAKeptConnectionArrivesWhole() async throws {
    let (server, log) = try Self.startServer { request, _ in
      .text(200, "\(request.body.count)", contentType: "text/plain")
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    _ = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/warm-up")))
    // Far more than a socket takes at once: the caller writes what fits and
    // the connection's thread writes the rest.
    // A block of a prime length, repeated: any lost or reordered stretch shows.
    let block = Data((0..<251).map { UInt8($0) })
    var body = Data(capacity: 8 * 1024 * 1024)
    while body.count < 8 * 1024 * 1024 { body.append(block) }
    let response = try await transport.send(HTTPRequest(method: "PUT", url: Self.url(server, "/blob"), body: body))
    #expect(response.text == "\(body.count)")
    #expect(log.requests.last?.body == body)
    #expect(server.statistics.acceptedConnections == 1)
  }

  @Test func aServerThatClosesAfterEachResponseGetsANewConnectionEachTime() async throws {
    let (server, log) = try Self.startServer { _, _ in
      ServerResponse(status: 200, headers: [HeaderField("Connection", "close")], body: Data("bye".utf8))
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    for index in 1...3 {
      let response = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/c/\(index)")))
      #expect(response.text == "bye")
    }
    #expect(server.statistics.acceptedConnections == 3)
    #expect(log.connections.map(\.requestNumber) == [1, 1, 1])
  }

  @Test func aKeptAliveConnectionDroppedBeforeAnsweringIsResentOnceOnANewOne() async throws {
    // The first connection answers once, then closes on the next request
    // without a byte, as a server dropping an idle connection does.
    let (server, log) = try Self.startServer { _, connection in
      connection.connectionID == 1 && connection.requestNumber == 2
        ? ServerResponse(status: 200, disruption: .closeWithoutResponse)
        : .text(200, "fresh \(connection.connectionID)", contentType: "text/plain")
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    _ = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/first")))
    let response = try await transport.send(HTTPRequest(method: "DELETE", url: Self.url(server, "/second")))
    #expect(response.text == "fresh 2")
    #expect(log.requests.map(\.rawPath) == ["/first", "/second", "/second"])
    #expect(server.statistics.acceptedConnections == 2)
  }

  @Test func aDroppedConnectionIsNotResentForPost() async throws {
    let (server, log) = try Self.startServer { _, connection in
      connection.requestNumber == 2
        ? ServerResponse(status: 200, disruption: .closeWithoutResponse) : ServerResponse(status: 201)
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    _ = try await transport.send(HTTPRequest(method: "POST", url: Self.url(server, "/a")))
    let error = await Self.failure(of: HTTPRequest(method: "POST", url: Self.url(server, "/b")), through: transport)
    #expect(
      error
        == TransportError(
          .connectionLost, "POST \(server.baseURL)/b: the server closed the connection without answering"))
    #expect(log.requests.map(\.rawPath) == ["/a", "/b"])
  }

  @Test func aConnectionTheServerClosedWhileIdleIsReplaced() async throws {
    let (server, _) = try Self.startServer(limits: LoopbackHTTPServer.Limits(idleTimeout: .milliseconds(100))) {
      _, connection in .text(200, "on \(connection.connectionID)", contentType: "text/plain")
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let first = try await transport.send(HTTPRequest(method: "POST", url: Self.url(server, "/one")))
    try await Task.sleep(for: .milliseconds(350))
    let second = try await transport.send(HTTPRequest(method: "POST", url: Self.url(server, "/two")))
    #expect([first.text, second.text] == ["on 1", "on 2"])
  }

  // MARK: Framings the fake does not send

  @Test func readsChunkedBodiesAndKeepsTheConnection() async throws {
    let chunked =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "4\r\n[{\"i\r\n7\r\nd\":7}]\n\r\n0\r\n\r\n"
    let server = try CannedHTTPServer(replies: [chunked, chunked], closeAfterEachReply: false)
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let url = URL(string: "http://127.0.0.1:\(server.port)/api/v1/packages/o")!
    let first = try await transport.send(HTTPRequest(method: "GET", url: url))
    let second = try await transport.send(HTTPRequest(method: "GET", url: url))
    #expect(first.text == "[{\"id\":7}]\n")
    #expect(second == first)
    #expect(server.acceptedConnections == 1)
    #expect(server.requestHeads.first?.hasPrefix("GET /api/v1/packages/o HTTP/1.1\r\nHost: 127.0.0.1:") == true)
  }

  @Test func readsAnHTTP10BodyUntilTheServerCloses() async throws {
    let reply = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nno length, just a close"
    let server = try CannedHTTPServer(replies: [reply, reply], closeAfterEachReply: true)
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let url = URL(string: "http://127.0.0.1:\(server.port)/old")!
    let first = try await transport.send(HTTPRequest(method: "GET", url: url))
    let second = try await transport.send(HTTPRequest(method: "GET", url: url))
    #expect([first.text, second.text] == ["no length, just a close", "no length, just a close"])
    #expect(server.acceptedConnections == 2)
  }

  // MARK: Connection faults

  @Test func aResetIsAConnectionLoss() async throws {
    let (server, _) = try Self.startServer { _, _ in ServerResponse(status: 200, disruption: .reset) }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let error = await Self.failure(of: HTTPRequest(method: "GET", url: Self.url(server, "/reset")), through: transport)
    #expect(error?.kind == .connectionLost)
    #expect(error?.isTransient == true)
    #expect(error?.message.hasPrefix("GET \(server.baseURL)/reset: ") == true)
  }

  @Test func aTruncatedBodyIsAConnectionLoss() async throws {
    let (server, _) = try Self.startServer { _, _ in
      ServerResponse(status: 200, body: Data(String(repeating: "x", count: 200).utf8), disruption: .truncatedBody)
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let error = await Self.failure(of: HTTPRequest(method: "GET", url: Self.url(server, "/short")), through: transport)
    #expect(
      error
        == TransportError(
          .connectionLost,
          "GET \(server.baseURL)/short: the connection was lost before a whole response arrived (the server closed it)"
        ))
  }

  @Test func garbageIsAMalformedResponse() async throws {
    let (server, _) = try Self.startServer { _, _ in ServerResponse(status: 200, disruption: .garbageThenClose) }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let error = await Self.failure(
      of: HTTPRequest(method: "GET", url: Self.url(server, "/garbage")), through: transport)
    #expect(error?.kind == .malformedResponse)
    #expect(error?.message.hasPrefix("GET \(server.baseURL)/garbage: the server's answer is not valid HTTP (") == true)
  }

  @Test func closingAFreshConnectionWithoutAnswerIsAConnectionLoss() async throws {
    let (server, log) = try Self.startServer { _, _ in
      ServerResponse(status: 200, disruption: .closeWithoutResponse)
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let error = await Self.failure(of: HTTPRequest(method: "GET", url: Self.url(server, "/empty")), through: transport)
    #expect(error?.kind == .connectionLost)
    // A new connection is not resent: only kept-alive ones can be stale.
    #expect(log.requests.count == 1)
  }

  @Test func nobodyListeningIsCannotConnectAndHidesTheToken() async throws {
    let server = LoopbackHTTPServer { _, _ in ServerResponse(status: 200) }
    let port = try server.start(port: 0)
    server.stop()
    let transport = Self.transport()
    defer { transport.invalidate() }
    let url = URL(string: "http://127.0.0.1:\(port)/api/v1/user?access_token=s3cr3t")!
    let error = await Self.failure(
      of: HTTPRequest(method: "GET", url: url, headers: ["Authorization": "token s3cr3t"]), through: transport)
    #expect(
      error
        == TransportError(
          .cannotConnect,
          "GET http://127.0.0.1:\(port)/api/v1/user?access_token=REDACTED: cannot connect to 127.0.0.1:\(port) "
            + "(connection refused); check the URL and that the server is up"))
  }

  @Test func anUnknownHostIsCannotConnect() async throws {
    let transport = Self.transport()
    defer { transport.invalidate() }
    let error = await Self.failure(
      of: HTTPRequest(method: "GET", url: URL(string: "http://no-such-host.invalid/x")!), through: transport)
    #expect(error?.kind == .cannotConnect)
    #expect(
      error?.message.hasPrefix("GET http://no-such-host.invalid/x: cannot resolve no-such-host.invalid (") == true)
  }

  // MARK: Timeouts, deadline, cancellation

  @Test func aStalledServerHitsTheIdleTimeout() async throws {
    let (server, _) = try Self.startServer { _, _ in ServerResponse(status: 200, disruption: .stall) }
    defer { server.stop() }
    let transport = Self.transport(idleTimeout: .milliseconds(400), deadline: .seconds(10))
    defer { transport.invalidate() }
    #expect(transport.idleTimeoutSeconds == 1)
    let started = ContinuousClock.now
    let error = await Self.failure(of: HTTPRequest(method: "GET", url: Self.url(server, "/stall")), through: transport)
    #expect(
      error
        == TransportError(.timedOut, "GET \(server.baseURL)/stall: no data from the server for 1 s (idle timeout)"))
    // Whole seconds: the 400 ms asked for became 1 s.
    #expect(ContinuousClock.now - started >= .milliseconds(950))
  }

  @Test func theDeadlineEndsASlowRequest() async throws {
    let (server, _) = try Self.startServer { _, _ in ServerResponse(status: 200, delay: .seconds(2)) }
    defer { server.stop() }
    let transport = Self.transport(idleTimeout: .seconds(30), deadline: .milliseconds(300))
    defer { transport.invalidate() }
    let error = await Self.failure(of: HTTPRequest(method: "GET", url: Self.url(server, "/slow")), through: transport)
    #expect(
      error
        == TransportError(
          .timedOut, "GET \(server.baseURL)/slow: no complete response within 300 ms (request deadline)"))
  }

  @Test func timeoutsHoldOnAKeptConnectionToo() async throws {
    let (server, _) = try Self.startServer { request, _ in
      switch request.rawPath {
      case "/stall": ServerResponse(status: 200, disruption: .stall)
      case "/slow": ServerResponse(status: 200, delay: .seconds(2))
      default: ServerResponse(status: 204)
      }
    }
    defer { server.stop() }
    let idle = Self.transport(idleTimeout: .seconds(1), deadline: .seconds(10))
    defer { idle.invalidate() }
    _ = try await idle.send(HTTPRequest(method: "GET", url: Self.url(server, "/warm-up")))
    let stalled = await Self.failure(of: HTTPRequest(method: "GET", url: Self.url(server, "/stall")), through: idle)
    #expect(
      stalled
        == TransportError(.timedOut, "GET \(server.baseURL)/stall: no data from the server for 1 s (idle timeout)"))

    let hurried = Self.transport(idleTimeout: .seconds(30), deadline: .milliseconds(300))
    defer { hurried.invalidate() }
    _ = try await hurried.send(HTTPRequest(method: "GET", url: Self.url(server, "/warm-up")))
    let slow = await Self.failure(of: HTTPRequest(method: "GET", url: Self.url(server, "/slow")), through: hurried)
    #expect(
      slow
        == TransportError(
          .timedOut, "GET \(server.baseURL)/slow: no complete response within 300 ms (request deadline)"))
    #expect(server.statistics.acceptedConnections == 2)
  }

  @Test func cancellingTheSwiftTaskCancelsTheRequestAndItsConnection() async throws {
    let (server, _) = try Self.startServer { request, _ in
      request.rawPath == "/stall"
        ? ServerResponse(status: 200, disruption: .stall) : .text(200, "ok", contentType: "text/plain")
    }
    defer { server.stop() }
    // One connection: were the stalled exchange still running, the second
    // request would queue behind it until its deadline.
    let transport = Self.transport(idleTimeout: .seconds(30), deadline: .seconds(5), maximumConnections: 1)
    defer { transport.invalidate() }
    // Warm up, so that the stalled request goes out on a kept connection.
    _ = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/ok")))
    let url = Self.url(server, "/stall")
    let sending = Task { () throws(TransportError) -> HTTPResponse in
      try await transport.send(HTTPRequest(method: "GET", url: url, headers: ["Authorization": "token s3cr3t"]))
    }
    let served = try await URLSessionTransportTests.eventually { server.statistics.requestsServed == 2 }
    #expect(served)
    sending.cancel()
    let outcome = await sending.result
    #expect(throws: TransportError(.cancelled, "GET \(url.absoluteString): cancelled")) { try outcome.get() }
    let next = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/ok")))
    #expect(next.text == "ok")
    #expect(server.statistics.acceptedConnections == 2)
  }

  @Test func anAlreadyCancelledTaskSendsNothing() async throws {
    let (server, log) = try Self.startServer { _, _ in ServerResponse(status: 204) }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let url = Self.url(server, "/never")
    let sending = Task { () throws(TransportError) -> HTTPResponse in
      withUnsafeCurrentTask { $0?.cancel() }
      return try await transport.send(HTTPRequest(method: "DELETE", url: url))
    }
    let outcome = await sending.result
    #expect(throws: TransportError(.cancelled, "DELETE \(url.absoluteString): cancelled")) { try outcome.get() }
    #expect(log.requests.isEmpty)
  }

  // MARK: Lifecycle, redirects, configuration

  @Test func invalidatingClosesIdleConnectionsAndRefusesLaterRequests() async throws {
    let (server, _) = try Self.startServer { _, _ in ServerResponse(status: 204) }
    defer { server.stop() }
    let transport = Self.transport()
    _ = try await transport.send(HTTPRequest(method: "DELETE", url: Self.url(server, "/a")))
    #expect(server.statistics.openConnections == 1)
    transport.invalidate()
    transport.invalidate()
    let closed = try await URLSessionTransportTests.eventually { server.statistics.openConnections == 0 }
    #expect(closed)
    let later = await Self.failure(of: HTTPRequest(method: "GET", url: Self.url(server, "/x")), through: transport)
    #expect(later == TransportError(.other, "GET \(server.baseURL)/x: the transport was already invalidated"))
  }

  @Test func invalidatingFailsARequestInFlight() async throws {
    let (server, _) = try Self.startServer { _, _ in ServerResponse(status: 200, disruption: .stall) }
    defer { server.stop() }
    let transport = Self.transport(idleTimeout: .seconds(30), deadline: .seconds(30))
    let stalled = Self.url(server, "/stall")
    let inFlight = Task { await Self.failure(of: HTTPRequest(method: "GET", url: stalled), through: transport) }
    let served = try await URLSessionTransportTests.eventually { server.statistics.requestsServed == 1 }
    #expect(served)
    transport.invalidate()
    let error = await inFlight.value
    #expect(error == TransportError(.cancelled, "GET \(stalled.absoluteString): the transport was invalidated"))
  }

  @Test func refusesHTTPSAndOtherSchemes() async throws {
    let transport = Self.transport()
    defer { transport.invalidate() }
    let https = await Self.failure(
      of: HTTPRequest(method: "GET", url: URL(string: "https://git.example.com/api/v1/version?token=s3cr3t")!),
      through: transport)
    #expect(
      https
        == TransportError(
          .other,
          "GET https://git.example.com/api/v1/version?token=REDACTED: SocketHTTPTransport only speaks plain http; "
            + "use URLSessionTransport for https"))
    let file = await Self.failure(
      of: HTTPRequest(method: "GET", url: URL(string: "file:///etc/passwd")!), through: transport)
    #expect(file?.kind == .other)
  }

  @Test func followsSameHostRedirectsOfGetOnly() async throws {
    let (server, log) = try Self.startServer { request, _ in
      request.rawPath == "/old"
        ? ServerResponse(status: 302, headers: [HeaderField("Location", "/new?x=1")])
        : .text(200, "arrived", contentType: "text/plain")
    }
    defer { server.stop() }
    let transport = Self.transport()
    defer { transport.invalidate() }
    let response = try await transport.send(
      HTTPRequest(method: "GET", url: Self.url(server, "/old"), headers: ["Authorization": "token t"]))
    #expect(response.text == "arrived")
    #expect(log.requests.map(\.target) == ["/old", "/new?x=1"])
    #expect(log.requests.last?.header("Authorization") == "token t")
    let deletion = try await transport.send(HTTPRequest(method: "DELETE", url: Self.url(server, "/old")))
    #expect(deletion.status == 302)
    #expect(log.requests.count == 3)
  }

  @Test func retryingOverSocketsRecoversFromAReset() async throws {
    let (server, log) = try Self.startServer { _, connection in
      connection.connectionID == 1
        ? ServerResponse(status: 200, disruption: .reset) : .text(200, "second try", contentType: "text/plain")
    }
    defer { server.stop() }
    let base = Self.transport()
    defer { base.invalidate() }
    let events = RetryEventLog()
    let transport = RetryingTransport(
      wrapping: base, policy: RetryPolicy(jitter: 0), sleeper: { _ in }, observer: events.observer)
    let response = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/flaky")))
    #expect(response.text == "second try")
    #expect(log.requests.count == 2)
    #expect(events.recorded.map(\.nextAttempt) == [2])
  }
}
