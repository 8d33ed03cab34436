import Foundation
import Testing

@testable import RegistryGC

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The outcome bookkeeping behind URLSessionTransport, for the paths a
/// loopback server cannot reach.
@Suite("PendingExchange")
struct PendingExchangeTests {
  static let request = HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:1/x")!)

  /// Starts `exchange` on a task that is never sent: the exchange already
  /// ended, so `start` must hand back that outcome at once.
  static func outcome(of exchange: PendingExchange) async -> PendingExchange.Outcome {
    let session = URLSession(configuration: .ephemeral)
    defer { session.invalidateAndCancel() }
    let task = session.dataTask(with: request.url)
    return await withCheckedContinuation { continuation in
      exchange.start(task: task, deadline: .seconds(5), continuation: continuation)
    }
  }

  @Test func aChallengeWithoutAnUnauthorizedResponseIsReportedAsAChallenge() async {
    let exchange = PendingExchange(request: Self.request, idleTimeoutSeconds: 1)
    exchange.challenged(failureResponse: nil)
    let outcome = await Self.outcome(of: exchange)
    #expect(
      throws: TransportError(
        .authenticationChallenge,
        "GET http://127.0.0.1:1/x: the server asked for credentials in a way this client does not answer")
    ) { try outcome.get() }
  }

  @Test func aChallengeCarryingA401ReturnsThatResponse() async throws {
    let exchange = PendingExchange(request: Self.request, idleTimeoutSeconds: 1)
    let failure = HTTPURLResponse(
      url: Self.request.url, statusCode: 401, httpVersion: "HTTP/1.1",
      headerFields: ["WWW-Authenticate": #"Basic realm="x""#])
    exchange.challenged(failureResponse: failure)
    let response = try await Self.outcome(of: exchange).get()
    #expect(response.status == 401)
    #expect(response.headers["www-authenticate"] == #"Basic realm="x""#)
  }

  @Test func theFirstOutcomeWins() async throws {
    let exchange = PendingExchange(request: Self.request, idleTimeoutSeconds: 1)
    exchange.finish(.success(HTTPResponse(status: 200)))
    exchange.finish(.failure(TransportError(.cancelled, "late")))
    exchange.complete(error: NSError(domain: NSURLErrorDomain, code: NSURLErrorTimedOut))
    #expect(try await Self.outcome(of: exchange).get().status == 200)
  }

  @Test func completingWithoutAResponseIsMalformed() async {
    let exchange = PendingExchange(request: Self.request, idleTimeoutSeconds: 1)
    exchange.complete(error: nil)
    let outcome = await Self.outcome(of: exchange)
    #expect(
      throws: TransportError(
        .malformedResponse, "GET http://127.0.0.1:1/x: the transfer ended without an HTTP response")
    ) { try outcome.get() }
  }
}
