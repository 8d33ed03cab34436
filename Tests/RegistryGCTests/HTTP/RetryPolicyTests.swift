import Foundation
import Testing

@testable import RegistryGC

@Suite("RetryPolicy and Retry-After")
struct RetryPolicyTests {
  @Test func defaultsMatchTheDocumentedValues() {
    let policy = RetryPolicy()
    #expect(policy.maxAttempts == 4)
    #expect(policy.baseDelay == .milliseconds(500))
    #expect(policy.maxDelay == .seconds(8))
    #expect(policy.maxTotalDelay == .seconds(30))
    #expect(policy.retryableStatuses == [429, 502, 503, 504])
  }

  @Test func backoffWithoutJitterDoublesUpToTheCap() {
    let policy = RetryPolicy(baseDelay: .milliseconds(300), maxDelay: .seconds(2), jitter: 0)
    let delays = (1...6).map { policy.backoffDelay(afterAttempt: $0, unitRandom: 0.9) }
    #expect(
      delays == [
        .milliseconds(300), .milliseconds(600), .milliseconds(1200), .seconds(2), .seconds(2), .seconds(2),
      ])
  }

  @Test func backoffDoesNotOverflowForHugeAttemptNumbers() {
    let policy = RetryPolicy(jitter: 0)
    #expect(policy.backoffDelay(afterAttempt: 10_000, unitRandom: 0) == .seconds(8))
  }

  @Test func jitterShortensByTheGivenFraction() {
    let policy = RetryPolicy(baseDelay: .seconds(1), jitter: 0.5)
    #expect(policy.backoffDelay(afterAttempt: 1, unitRandom: 0) == .seconds(1))
    #expect(policy.backoffDelay(afterAttempt: 1, unitRandom: 0.5) == .milliseconds(750))
    #expect(policy.backoffDelay(afterAttempt: 2, unitRandom: 1) == .seconds(1))
  }

  @Test func methodsAreComparedInUpperCase() {
    let policy = RetryPolicy()
    #expect(policy.isIdempotent("delete"))
    #expect(!policy.isIdempotent("POST"))
    #expect(!policy.isIdempotent("PATCH"))
    #expect(policy.shouldRetry(error: TransportError(.timedOut, ""), method: "get"))
    #expect(!policy.shouldRetry(error: TransportError(.timedOut, ""), method: "post"))
  }

  @Test func seededJitterSourcesRepeatAndStayInRange() {
    let first = JitterSource.seeded(7)
    let second = JitterSource.seeded(7)
    let a = (0..<100).map { _ in first.nextUnit() }
    let b = (0..<100).map { _ in second.nextUnit() }
    #expect(a == b)
    #expect(a.allSatisfy { $0 >= 0 && $0 < 1 })
    #expect(Set(a).count == 100)
  }

  @Test func retryAfterParsesDeltaSeconds() {
    #expect(RetryAfter(headerValue: "120") == .seconds(120))
    #expect(RetryAfter(headerValue: " 0 ") == .seconds(0))
    #expect(RetryAfter(headerValue: "99999999999999999999999") == .seconds(Int.max))
    #expect(RetryAfter(headerValue: "-5") == nil)
    #expect(RetryAfter(headerValue: "1.5") == nil)
    #expect(RetryAfter(headerValue: "") == nil)
    #expect(RetryAfter(headerValue: "soon") == nil)
  }

  @Test(arguments: [
    "Sun, 06 Nov 1994 08:49:37 GMT",  // IMF-fixdate
    "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850
    "Sun Nov  6 08:49:37 1994",  // asctime
  ])
  func retryAfterParsesEveryHTTPDateForm(value: String) throws {
    let parsed = try #require(RetryAfter(headerValue: value))
    #expect(parsed == .date(Date(timeIntervalSince1970: 784_111_777)))
  }

  @Test func retryAfterDatesBecomeDelaysFromNow() {
    let date = RetryAfter.date(Date(timeIntervalSince1970: 1000))
    #expect(date.delay(relativeTo: Date(timeIntervalSince1970: 997.5)) == .milliseconds(2500))
    #expect(date.delay(relativeTo: Date(timeIntervalSince1970: 2000)) == .zero)
  }

  @Test func logDescriptionsHideCredentials() {
    let url = URL(string: "https://bob:pw@gitea.example/api/v1/packages/o?type=container&access_token=abc&page=2#x")!
    let request = HTTPRequest(method: "GET", url: url, headers: ["Authorization": "token abc"])
    #expect(
      request.logDescription
        == "GET https://gitea.example/api/v1/packages/o?type=container&access_token=REDACTED&page=2")
    #expect(Duration.milliseconds(300).logDescription == "300 ms")
    #expect(Duration.seconds(1).logDescription == "1.0 s")
    #expect(Duration.milliseconds(12_345).logDescription == "12.3 s")
  }
}
