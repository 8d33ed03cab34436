import FakeGitea
import Foundation
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The server as Foundation's URLSession (libcurl on Linux) sees it.
@Suite struct LoopbackHTTPServerURLSessionTests {
  /// Runs `body` with a fresh session that is invalidated afterwards.
  private func withSession<Result>(_ body: (URLSession) async throws -> Result) async rethrows -> Result {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = 5
    let session = URLSession(configuration: configuration)
    defer { session.finishTasksAndInvalidate() }
    return try await body(session)
  }

  private func request(_ server: LoopbackHTTPServer, _ method: String, _ path: String, body: Data? = nil) throws
    -> URLRequest
  {
    var request = URLRequest(url: try #require(URL(string: server.baseURL + path)))
    request.httpMethod = method
    request.httpBody = body
    request.setValue("fake-gitea-tests/1.0", forHTTPHeaderField: "User-Agent")
    return request
  }

  @Test func reusesOneConnectionForSequentialRequests() async throws {
    try await withServer(handler: echoHandler) { server in
      try await withSession { session in
        var numbers: [String?] = []
        for path in ["/one", "/two", "/three"] {
          let (data, response) = try await session.data(for: try request(server, "GET", path))
          let http = try #require(response as? HTTPURLResponse)
          #expect(http.statusCode == 200)
          #expect(data.isEmpty)
          numbers.append(http.value(forHTTPHeaderField: "X-Request-Number"))
        }
        #expect(numbers == ["1", "2", "3"])
        #expect(server.statistics.acceptedConnections == 1)
        #expect(server.statistics.requestsServed == 3)
      }
    }
  }

  @Test func postsABodyAndDeletesWith204() async throws {
    let handler: LoopbackHTTPServer.Handler = { request, connection in
      request.method == "DELETE" ? ServerResponse(status: 204) : echoHandler(request, connection)
    }
    try await withServer(handler: handler) { server in
      try await withSession { session in
        let payload = Data(#"{"name":"crop-chem-docs"}"#.utf8)
        let (echoed, posted) = try await session.data(for: try request(server, "POST", "/echo", body: payload))
        #expect((posted as? HTTPURLResponse)?.statusCode == 200)
        #expect(echoed == payload)

        for _ in 0..<2 {
          let (data, deleted) = try await session.data(for: try request(server, "DELETE", "/v/1"))
          #expect((deleted as? HTTPURLResponse)?.statusCode == 204)
          #expect(data.isEmpty)
        }
        #expect(server.statistics.acceptedConnections == 1)
      }
    }
  }

  @Test func answersHead() async throws {
    let handler: LoopbackHTTPServer.Handler = { _, _ in .text(200, "body text", contentType: "text/plain") }
    try await withServer(handler: handler) { server in
      try await withSession { session in
        let (data, response) = try await session.data(for: try request(server, "HEAD", "/x"))
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        #expect(http.value(forHTTPHeaderField: "Content-Length") == "9")
        #expect(data.isEmpty)
      }
    }
  }

  @Test(arguments: [ServerResponse.Disruption.reset, .truncatedBody, .garbageThenClose, .closeWithoutResponse])
  func failsTheRequestOn(disruption: ServerResponse.Disruption) async throws {
    let handler: LoopbackHTTPServer.Handler = { _, _ in
      ServerResponse(status: 200, body: Data(#"{"id":1,"version":"v1"}"#.utf8), disruption: disruption)
    }
    try await withServer(handler: handler) { server in
      await withSession { session in
        let error = await #expect(throws: URLError.self) {
          _ = try await session.data(for: try request(server, "GET", "/api/v1/packages/o"))
        }
        // The disruption itself must fail the request, not the 5 s timeout.
        #expect(error?.code != .timedOut)
      }
    }
  }
}
