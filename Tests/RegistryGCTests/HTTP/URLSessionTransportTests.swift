import FakeGitea
import Foundation
import Synchronization
import Testing

@testable import RegistryGC

/// URLSessionTransport against a real server on 127.0.0.1, including the
/// connection faults the fake can stage.
@Suite("URLSessionTransport over loopback")
struct URLSessionTransportTests {
  /// Records what the server received, for checks on headers and connections.
  final class ReceivedLog: Sendable {
    private let entries = Mutex<[(request: ServerRequest, connection: ConnectionInfo)]>([])

    var requests: [ServerRequest] { entries.withLock { $0.map(\.request) } }
    var connections: [ConnectionInfo] { entries.withLock { $0.map(\.connection) } }

    func record(_ request: ServerRequest, _ connection: ConnectionInfo) {
      entries.withLock { $0.append((request, connection)) }
    }
  }

  /// Starts a server on a free port that records each request and answers
  /// with `answer`. The caller stops it.
  static func startServer(
    _ answer: @escaping @Sendable (ServerRequest) -> ServerResponse
  ) throws -> (LoopbackHTTPServer, ReceivedLog) {
    let log = ReceivedLog()
    let server = LoopbackHTTPServer { request, connection in
      log.record(request, connection)
      return answer(request)
    }
    try server.start(port: 0)
    return (server, log)
  }

  static func url(_ server: LoopbackHTTPServer, _ path: String) -> URL {
    URL(string: server.baseURL + path)!
  }

  /// Waits until `condition` holds, checking every 10 ms for at most 3 s.
  static func eventually(_ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<300 {
      if condition() { return true }
      try await Task.sleep(for: .milliseconds(10))
    }
    return condition()
  }

  // MARK: Ordinary exchanges

  @Test func getReturnsStatusBodyAndHeaders() async throws {
    let (server, log) = try Self.startServer { _ in
      ServerResponse(
        status: 200,
        headers: [
          HeaderField("Content-Type", "application/json"), HeaderField("X-Total-Count", "42"),
          HeaderField("Link", #"<http://x/api?page=2>; rel="next""#),
        ],
        body: Data(#"[{"id":1}]"#.utf8))
    }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let response = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/api/v1/x?page=1")))
    #expect(response.status == 200)
    #expect(response.text == #"[{"id":1}]"#)
    #expect(response.headers["x-total-count"] == "42")
    #expect(response.headers["content-type"] == "application/json")
    #expect(response.headers["Link"] == #"<http://x/api?page=2>; rel="next""#)
    #expect(log.requests.map(\.target) == ["/api/v1/x?page=1"])
  }

  @Test func deleteReturns204WithAnEmptyBody() async throws {
    let (server, log) = try Self.startServer { _ in ServerResponse(status: 204) }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let response = try await transport.send(
      HTTPRequest(method: "DELETE", url: Self.url(server, "/api/v1/packages/o/container/app/1.0")))
    #expect(response.status == 204)
    #expect(response.body.isEmpty)
    #expect(log.requests.map(\.method) == ["DELETE"])
  }

  @Test func sendsUserAgentAuthorizationAndBodyAsGiven() async throws {
    let (server, log) = try Self.startServer { _ in ServerResponse(status: 201) }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let request = HTTPRequest(
      method: "POST", url: Self.url(server, "/api/v1/things"),
      headers: [
        "User-Agent": "registry-gc/1.0", "Authorization": "token 0123456789abcdef",
        "Content-Type": "application/json",
      ],
      body: Data(#"{"a":1}"#.utf8))
    let response = try await transport.send(request)
    #expect(response.status == 201)
    let received = try #require(log.requests.first)
    #expect(received.method == "POST")
    #expect(received.header("User-Agent") == "registry-gc/1.0")
    #expect(received.header("Authorization") == "token 0123456789abcdef")
    #expect(received.header("Content-Type") == "application/json")
    #expect(received.header("Cookie") == nil)
    #expect(received.body == Data(#"{"a":1}"#.utf8))
  }

  @Test func sequentialRequestsReuseOneConnection() async throws {
    let (server, log) = try Self.startServer { _ in .text(200, "ok", contentType: "text/plain") }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    for index in 1...4 {
      let method = index == 3 ? "DELETE" : "GET"
      _ = try await transport.send(HTTPRequest(method: method, url: Self.url(server, "/n/\(index)")))
    }
    #expect(server.statistics.acceptedConnections == 1)
    #expect(log.connections.map(\.requestNumber) == [1, 2, 3, 4])
  }

  // MARK: Authentication challenges (Swift 6.3.1 hangs on these without care)

  @Test(arguments: [
    #"Basic realm="Gitea Package API""#,
    #"Bearer realm="http://127.0.0.1/v2/token",service="container_registry",scope="*""#,
    "Bearer",
  ])
  func unauthorizedWithChallengeComesBackAsA401(challenge: String) async throws {
    let (server, _) = try Self.startServer { _ in
      ServerResponse(
        status: 401,
        headers: [HeaderField("WWW-Authenticate", challenge), HeaderField("Content-Type", "application/json")],
        body: Data(#"{"message":"token is required"}"#.utf8))
    }
    defer { server.stop() }
    // Were the challenge to hang, the deadline would turn it into .timedOut.
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let response = try await transport.send(
      HTTPRequest(method: "GET", url: Self.url(server, "/api/packages/o"), headers: ["Authorization": "token bad"]))
    #expect(response.status == 401)
    #expect(response.headers["WWW-Authenticate"] == challenge)
    #expect(response.text == #"{"message":"token is required"}"#)
  }

  @Test func theTransportStaysUsableAfterAChallenge() async throws {
    let (server, _) = try Self.startServer { request in
      request.rawPath == "/locked"
        ? ServerResponse(status: 401, headers: [HeaderField("WWW-Authenticate", #"Basic realm="x""#)])
        : .text(200, "open", contentType: "text/plain")
    }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let locked = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/locked")))
    let open = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/open")))
    #expect(locked.status == 401)
    #expect(open.text == "open")
  }

  // MARK: Timeouts, deadline, cancellation

  @Test func aStalledServerHitsTheIdleTimeout() async throws {
    let (server, _) = try Self.startServer { _ in ServerResponse(status: 200, disruption: .stall) }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(1), deadline: .seconds(10))
    defer { transport.invalidate() }
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/stall")))
    }
    #expect(error?.kind == .timedOut)
    #expect(error?.message.contains("idle timeout") == true)
  }

  @Test func theDeadlineEndsASlowRequest() async throws {
    let (server, _) = try Self.startServer { _ in ServerResponse(status: 200, delay: .seconds(2)) }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(30), deadline: .milliseconds(300))
    defer { transport.invalidate() }
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/slow")))
    }
    #expect(error?.kind == .timedOut)
    #expect(error?.message == "GET \(server.baseURL)/slow: no complete response within 300 ms (request deadline)")
  }

  @Test func cancellingTheSwiftTaskCancelsTheRequest() async throws {
    let (server, _) = try Self.startServer { request in
      request.rawPath == "/stall"
        ? ServerResponse(status: 200, disruption: .stall) : .text(200, "ok", contentType: "text/plain")
    }
    defer { server.stop() }
    // One connection per host: were the stalled URLSession task still
    // running, the second request would queue behind it until its deadline.
    let transport = URLSessionTransport(
      idleTimeout: .seconds(30), deadline: .seconds(5), maximumConnectionsPerHost: 1)
    defer { transport.invalidate() }
    let url = Self.url(server, "/stall")
    let sending = Task { () throws(TransportError) -> HTTPResponse in
      try await transport.send(HTTPRequest(method: "GET", url: url))
    }
    let served = try await Self.eventually { server.statistics.requestsServed == 1 }
    #expect(served)
    sending.cancel()
    let outcome = await sending.result
    #expect(throws: TransportError(.cancelled, "GET \(url.absoluteString): cancelled")) { try outcome.get() }
    let next = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/ok")))
    #expect(next.text == "ok")
    #expect(server.statistics.acceptedConnections == 2)
  }

  // MARK: Connection faults

  @Test func aResetIsAConnectionLoss() async throws {
    let (server, _) = try Self.startServer { _ in ServerResponse(status: 200, disruption: .reset) }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/reset")))
    }
    #expect(error?.kind == .connectionLost)
    #expect(error?.isTransient == true)
  }

  @Test func aTruncatedBodyIsAConnectionLoss() async throws {
    let (server, _) = try Self.startServer { _ in
      ServerResponse(status: 200, body: Data(String(repeating: "x", count: 200).utf8), disruption: .truncatedBody)
    }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/short")))
    }
    #expect(error?.kind == .connectionLost)
  }

  @Test func garbageIsAMalformedResponse() async throws {
    let (server, _) = try Self.startServer { _ in ServerResponse(status: 200, disruption: .garbageThenClose) }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/garbage")))
    }
    #expect(error?.kind == .malformedResponse)
  }

  @Test func closingWithoutAnswerIsAConnectionLoss() async throws {
    let (server, _) = try Self.startServer { _ in ServerResponse(status: 200, disruption: .closeWithoutResponse) }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/empty")))
    }
    #expect(error?.kind == .connectionLost)
  }

  @Test func nobodyListeningIsCannotConnectAndHidesTheToken() async throws {
    let server = LoopbackHTTPServer { _, _ in ServerResponse(status: 200) }
    let port = try server.start(port: 0)
    server.stop()
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let url = URL(string: "http://127.0.0.1:\(port)/api/v1/user?access_token=s3cr3t")!
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(HTTPRequest(method: "GET", url: url, headers: ["Authorization": "token s3cr3t"]))
    }
    #expect(error?.kind == .cannotConnect)
    #expect(error?.message.contains("127.0.0.1:\(port)/api/v1/user") == true)
    #expect(error?.message.contains("s3cr3t") == false)
  }

  @Test func retryingOverURLSessionRecoversFromAReset() async throws {
    let answered = Mutex(0)
    let (server, log) = try Self.startServer { _ in
      let count = answered.withLock { count in
        count += 1
        return count
      }
      return count == 1
        ? ServerResponse(status: 200, disruption: .reset) : .text(200, "second try", contentType: "text/plain")
    }
    defer { server.stop() }
    let base = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { base.invalidate() }
    let events = RetryEventLog()
    let transport = RetryingTransport(
      wrapping: base, policy: RetryPolicy(jitter: 0), sleeper: { _ in }, observer: events.observer)
    let response = try await transport.send(HTTPRequest(method: "GET", url: Self.url(server, "/flaky")))
    #expect(response.text == "second try")
    #expect(log.requests.count == 2)
    #expect(events.recorded.map(\.nextAttempt) == [2])
    #expect(
      events.recorded.first?.reason
        == .transportError(
          TransportError(
            .connectionLost,
            "GET \(server.baseURL)/flaky: the connection was lost before a whole response arrived (URLError -1005)")))
  }

  // MARK: Redirects

  @Test func followsSameHostRedirectsOfGet() async throws {
    let (server, log) = try Self.startServer { request in
      request.rawPath == "/old"
        ? ServerResponse(status: 302, headers: [HeaderField("Location", "/new")])
        : .text(200, "arrived", contentType: "text/plain")
    }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let response = try await transport.send(
      HTTPRequest(method: "GET", url: Self.url(server, "/old"), headers: ["Authorization": "token t"]))
    #expect(response.status == 200)
    #expect(response.text == "arrived")
    #expect(log.requests.map(\.rawPath) == ["/old", "/new"])
    #expect(log.requests.last?.header("Authorization") == "token t")
  }

  @Test func returnsOtherHostRedirectsWithoutFollowing() async throws {
    let (server, log) = try Self.startServer { request in
      ServerResponse(status: 302, headers: [HeaderField("Location", "http://localhost:9/elsewhere")])
    }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let response = try await transport.send(
      HTTPRequest(method: "GET", url: Self.url(server, "/old"), headers: ["Authorization": "token t"]))
    #expect(response.status == 302)
    #expect(response.headers["Location"] == "http://localhost:9/elsewhere")
    #expect(log.requests.count == 1)
  }

  @Test func returnsRedirectsOfDeleteWithoutFollowing() async throws {
    let (server, log) = try Self.startServer { request in
      request.rawPath == "/old"
        ? ServerResponse(status: 301, headers: [HeaderField("Location", "/new")]) : ServerResponse(status: 204)
    }
    defer { server.stop() }
    let transport = URLSessionTransport(idleTimeout: .seconds(5), deadline: .seconds(5))
    defer { transport.invalidate() }
    let response = try await transport.send(HTTPRequest(method: "DELETE", url: Self.url(server, "/old")))
    #expect(response.status == 301)
    #expect(log.requests.map(\.rawPath) == ["/old"])
  }

  // MARK: Lifecycle and configuration

  @Test func anInvalidatedTransportRefusesToSend() async throws {
    let transport = URLSessionTransport()
    transport.invalidate()
    transport.invalidate()
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:1/x")!))
    }
    #expect(error?.kind == .other)
  }

  @Test func refusesURLsItCannotSend() async throws {
    let transport = URLSessionTransport()
    defer { transport.invalidate() }
    let error = await #expect(throws: TransportError.self) {
      try await transport.send(HTTPRequest(method: "GET", url: URL(string: "file:///etc/passwd")!))
    }
    #expect(error?.kind == .other)
    let bodyError = await #expect(throws: TransportError.self) {
      try await transport.send(
        HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:1/x")!, body: Data("x".utf8)))
    }
    #expect(bodyError?.message == "GET http://127.0.0.1:1/x: a GET request cannot carry a body")
  }

  @Test func idleTimeoutsAreWholeSecondsRoundedUp() {
    #expect(URLSessionTransport.wholeSeconds(roundingUp: .milliseconds(900)) == 1)
    #expect(URLSessionTransport.wholeSeconds(roundingUp: .milliseconds(1500)) == 2)
    #expect(URLSessionTransport.wholeSeconds(roundingUp: .seconds(2)) == 2)
    #expect(URLSessionTransport.wholeSeconds(roundingUp: .zero) == 1)
    #expect(URLSessionTransport.wholeSeconds(roundingUp: .seconds(-3)) == 1)
    #expect(URLSessionTransport(idleTimeout: .milliseconds(1200)).idleTimeoutSeconds == 2)
  }
}
