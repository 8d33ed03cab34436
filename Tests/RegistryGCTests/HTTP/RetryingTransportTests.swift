import Foundation
import Testing

@testable import RegistryGC

@Suite("RetryingTransport")
struct RetryingTransportTests {
  static let url = URL(string: "https://gitea.example/api/v1/packages/acme/container/app/1.0?token=hunter2")!
  static let get = HTTPRequest(method: "GET", url: url, headers: ["Authorization": "token hunter2"])
  static let post = HTTPRequest(method: "POST", url: url)
  static let delete = HTTPRequest(method: "DELETE", url: url)

  /// No jitter, so delays are exact: 0.5, 1, 2, 4, 8, 8, ...
  static let exactPolicy = RetryPolicy(jitter: 0)

  static func status(_ status: Int, _ headers: HTTPHeaders = [:], body: String = "") -> Result<
    HTTPResponse, TransportError
  > {
    .success(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))
  }

  static func failure(_ kind: TransportError.Kind) -> Result<HTTPResponse, TransportError> {
    .failure(TransportError(kind, "scripted \(kind.rawValue)"))
  }

  struct Harness {
    let base: ScriptedTransport
    let sleeper = RecordingSleeper()
    let events = RetryEventLog()
    let transport: RetryingTransport

    init(
      _ script: [Result<HTTPResponse, TransportError>],
      policy: RetryPolicy = RetryingTransportTests.exactPolicy,
      now: Date = Date(timeIntervalSince1970: 1_700_000_000)
    ) {
      base = ScriptedTransport(script)
      transport = RetryingTransport(
        wrapping: base,
        policy: policy,
        jitterSource: .seeded(1),
        sleeper: sleeper.sleeper,
        now: { now },
        observer: events.observer
      )
    }
  }

  @Test func retries503ThenReturnsTheSuccess() async throws {
    let harness = Harness([Self.status(503), Self.status(200, body: "ok")])
    let response = try await harness.transport.send(Self.get)
    #expect(response.status == 200)
    #expect(response.text == "ok")
    #expect(harness.base.received.count == 2)
    #expect(harness.base.received.allSatisfy { $0 == Self.get })
    #expect(harness.sleeper.recorded == [.milliseconds(500)])
    let event = try #require(harness.events.recorded.first)
    #expect(event.nextAttempt == 2)
    #expect(event.maxAttempts == 4)
    #expect(event.reason == .status(503))
    #expect(
      event.description
        == "retrying GET https://gitea.example/api/v1/packages/acme/container/app/1.0?token=REDACTED after 503 (attempt 2/4, waiting 500 ms)"
    )
  }

  @Test func givesUpAfterMaxAttemptsAndReturnsTheLastResponse() async throws {
    let harness = Harness([
      Self.status(503, body: "first"), Self.status(502, body: "second"),
      Self.status(504, body: "third"), Self.status(503, body: "last"),
      Self.status(200, body: "never reached"),
    ])
    let response = try await harness.transport.send(Self.get)
    #expect(response.status == 503)
    #expect(response.text == "last")
    #expect(harness.base.received.count == 4)
    #expect(harness.events.recorded.map(\.nextAttempt) == [2, 3, 4])
    #expect(harness.events.recorded.map(\.reason) == [.status(503), .status(502), .status(504)])
  }

  @Test func throwsTheLastTransportErrorWhenAttemptsRunOut() async throws {
    let harness = Harness([
      Self.failure(.timedOut), Self.failure(.connectionLost), Self.failure(.malformedResponse),
      Self.failure(.connectionLost),
    ])
    let error = await #expect(throws: TransportError.self) { try await harness.transport.send(Self.delete) }
    #expect(error?.kind == .connectionLost)
    #expect(error?.message == "scripted connectionLost")
    #expect(harness.base.received.count == 4)
  }

  @Test func delaysDoubleAndAreCappedAtMaxDelay() async throws {
    let policy = RetryPolicy(maxAttempts: 7, maxTotalDelay: .seconds(60), jitter: 0)
    let harness = Harness(Array(repeating: Self.status(503), count: 7), policy: policy)
    let response = try await harness.transport.send(Self.get)
    #expect(response.status == 503)
    #expect(
      harness.sleeper.recorded == [
        .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8),
      ])
  }

  @Test func honoursRetryAfterSeconds() async throws {
    let harness = Harness([Self.status(429, ["Retry-After": "3"]), Self.status(200)])
    let response = try await harness.transport.send(Self.get)
    #expect(response.status == 200)
    #expect(harness.sleeper.recorded == [.seconds(3)])
    #expect(harness.events.recorded.first?.delayFromRetryAfter == true)
  }

  @Test func honoursRetryAfterHTTPDate() async throws {
    // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT; ask for 5 s later.
    let harness = Harness(
      [Self.status(503, ["Retry-After": "Tue, 14 Nov 2023 22:13:25 GMT"]), Self.status(204)],
      now: Date(timeIntervalSince1970: 1_700_000_000)
    )
    let response = try await harness.transport.send(Self.delete)
    #expect(response.status == 204)
    #expect(harness.sleeper.recorded == [.seconds(5)])
  }

  @Test func capsRetryAfterAtMaxDelay() async throws {
    let harness = Harness([Self.status(503, ["Retry-After": "20"]), Self.status(200)])
    _ = try await harness.transport.send(Self.get)
    #expect(harness.sleeper.recorded == [.seconds(8)])
  }

  @Test func stopsWhenRetryAfterExceedsTheRemainingBudget() async throws {
    let harness = Harness([Self.status(503, ["Retry-After": "31"], body: "busy"), Self.status(200)])
    let response = try await harness.transport.send(Self.get)
    #expect(response.status == 503)
    #expect(response.text == "busy")
    #expect(harness.base.received.count == 1)
    #expect(harness.sleeper.recorded.isEmpty)
  }

  @Test func stopsWhenTheNextBackoffNoLongerFitsTheBudget() async throws {
    // Budget 2 s: 0.5 + 1 fit (1.5 s), the next 2 s does not.
    let policy = RetryPolicy(maxAttempts: 10, maxTotalDelay: .seconds(2), jitter: 0)
    let harness = Harness(Array(repeating: Self.status(503), count: 10), policy: policy)
    let response = try await harness.transport.send(Self.get)
    #expect(response.status == 503)
    #expect(harness.base.received.count == 3)
    #expect(harness.sleeper.recorded == [.milliseconds(500), .seconds(1)])
  }

  @Test func retryAfterCountsAgainstTheBudget() async throws {
    let policy = RetryPolicy(maxAttempts: 10, maxTotalDelay: .seconds(10), jitter: 0)
    let harness = Harness(
      [Self.status(429, ["Retry-After": "6"]), Self.status(429, ["Retry-After": "5"]), Self.status(200)],
      policy: policy
    )
    let response = try await harness.transport.send(Self.get)
    #expect(response.status == 429)
    #expect(harness.sleeper.recorded == [.seconds(6)])
  }

  @Test(arguments: [400, 401, 403, 404, 409, 501])
  func doesNotRetryStatusesThatWillNotChange(status: Int) async throws {
    let harness = Harness([Self.status(status), Self.status(200)])
    let response = try await harness.transport.send(Self.get)
    #expect(response.status == status)
    #expect(harness.base.received.count == 1)
    #expect(harness.events.recorded.isEmpty)
  }

  @Test func retriesA500OnlyForSafeMethods() async throws {
    let get = Harness([Self.status(500), Self.status(200)])
    #expect(try await get.transport.send(Self.get).status == 200)
    #expect(get.base.received.count == 2)
    var delete = Self.get
    delete.method = "DELETE"
    let harness = Harness([Self.status(500), Self.status(204)])
    #expect(try await harness.transport.send(delete).status == 500)
    #expect(harness.base.received.count == 1)
  }

  @Test(arguments: [TransportError.Kind.cannotConnect, .authenticationChallenge, .cancelled, .other])
  func doesNotRetryPermanentTransportErrors(kind: TransportError.Kind) async throws {
    let harness = Harness([Self.failure(kind), Self.status(200)])
    let error = await #expect(throws: TransportError.self) { try await harness.transport.send(Self.get) }
    #expect(error?.kind == kind)
    #expect(harness.base.received.count == 1)
  }

  @Test func doesNotRetryPostAfterConnectionLoss() async throws {
    let harness = Harness([Self.failure(.connectionLost), Self.status(201)])
    let error = await #expect(throws: TransportError.self) { try await harness.transport.send(Self.post) }
    #expect(error?.kind == .connectionLost)
    #expect(harness.base.received.count == 1)
  }

  @Test func retriesPostOnlyForStatusesThatMeanNotProcessed() async throws {
    let refused = Harness([Self.status(503), Self.status(201)])
    #expect(try await refused.transport.send(Self.post).status == 201)
    let gateway = Harness([Self.status(502), Self.status(201)])
    #expect(try await gateway.transport.send(Self.post).status == 502)
    #expect(gateway.base.received.count == 1)
  }

  @Test func retriesTransientTransportErrorsForIdempotentMethods() async throws {
    let harness = Harness([Self.failure(.connectionLost), Self.failure(.timedOut), Self.status(204)])
    let response = try await harness.transport.send(Self.delete)
    #expect(response.status == 204)
    #expect(harness.sleeper.recorded == [.milliseconds(500), .seconds(1)])
    #expect(
      harness.events.recorded.map(\.reason) == [
        .transportError(TransportError(.connectionLost, "scripted connectionLost")),
        .transportError(TransportError(.timedOut, "scripted timedOut")),
      ])
  }

  @Test func neverPolicySendsOnce() async throws {
    let harness = Harness([Self.status(503), Self.status(200)], policy: .never)
    #expect(try await harness.transport.send(Self.get).status == 503)
    #expect(harness.base.received.count == 1)
  }

  @Test func seededJitterIsReproducibleAndOnlyShortensDelays() async throws {
    func delays(seed: UInt64) async throws -> [Duration] {
      let sleeper = RecordingSleeper()
      let transport = RetryingTransport(
        wrapping: ScriptedTransport(Array(repeating: Self.status(503), count: 4)),
        policy: RetryPolicy(jitter: 0.5),
        jitterSource: .seeded(seed),
        sleeper: sleeper.sleeper
      )
      _ = try await transport.send(Self.get)
      return sleeper.recorded
    }
    let first = try await delays(seed: 42)
    #expect(try await delays(seed: 42) == first)
    #expect(try await delays(seed: 43) != first)
    let exact: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2)]
    #expect(first.count == 3)
    for (jittered, full) in zip(first, exact) {
      #expect(jittered <= full)
      #expect(jittered >= full / 2)
    }
  }

  @Test func aThrowingSleeperEndsTheRetriesAsCancelled() async throws {
    let transport = RetryingTransport(
      wrapping: ScriptedTransport([Self.status(503), Self.status(200)]),
      policy: Self.exactPolicy,
      sleeper: { _ in throw CancellationError() }
    )
    let error = await #expect(throws: TransportError.self) { try await transport.send(Self.get) }
    #expect(error?.kind == .cancelled)
    #expect(error?.message.contains("hunter2") == false)
  }
}
