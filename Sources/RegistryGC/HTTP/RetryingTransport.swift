import Foundation

/// Wraps another transport and sends a request again when the answer is
/// temporary (a 503, a dropped connection), as a ``RetryPolicy`` decides.
///
/// The last answer is returned when the attempts or the delay budget run out:
/// a final 503 comes back as a response, a final transport failure is thrown.
/// Waiting goes through an injectable sleeper so tests do not actually wait,
/// and each retry can be reported to an observer (for warnings in the log).
public struct RetryingTransport: HTTPTransport {
  /// Waits for the given time; throws when the waiting task is cancelled.
  public typealias Sleeper = @Sendable (Duration) async throws -> Void

  public let base: any HTTPTransport
  public var connectionLimit: Int? { base.connectionLimit }
  public let policy: RetryPolicy
  private let jitterSource: JitterSource
  private let sleeper: Sleeper
  private let now: @Sendable () -> Date
  private let observer: (@Sendable (RetryEvent) -> Void)?

  /// - Parameters:
  ///   - base: the transport that actually sends.
  ///   - policy: when and how long to wait.
  ///   - jitterSource: random numbers for jitter; seed it in tests.
  ///   - sleeper: how to wait; `Task.sleep` unless a test replaces it.
  ///   - now: the clock used to turn a `Retry-After` date into a delay.
  ///   - observer: told about every retry before its delay starts.
  public init(
    wrapping base: any HTTPTransport,
    policy: RetryPolicy = RetryPolicy(),
    jitterSource: JitterSource = .system(),
    sleeper: @escaping Sleeper = { try await Task.sleep(for: $0) },
    now: @escaping @Sendable () -> Date = { Date() },
    observer: (@Sendable (RetryEvent) -> Void)? = nil
  ) {
    self.base = base
    self.policy = policy
    self.jitterSource = jitterSource
    self.sleeper = sleeper
    self.now = now
    self.observer = observer
  }

  public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
    var attempt = 1
    var totalDelay = Duration.zero
    while true {
      let outcome: Result<HTTPResponse, TransportError>
      do {
        outcome = .success(try await base.send(request))
      } catch {
        outcome = .failure(error)
      }
      guard attempt < policy.maxAttempts,
        let plan = retryPlan(for: outcome, request: request, attempt: attempt, totalDelay: totalDelay)
      else {
        return try outcome.get()
      }
      observer?(
        RetryEvent(
          request: request.logDescription,
          nextAttempt: attempt + 1,
          maxAttempts: policy.maxAttempts,
          delay: plan.delay,
          delayFromRetryAfter: plan.fromRetryAfter,
          reason: plan.reason
        )
      )
      do {
        try await sleeper(plan.delay)
      } catch {
        throw TransportError(.cancelled, "\(request.logDescription): cancelled while waiting to retry")
      }
      if Task.isCancelled {
        throw TransportError(.cancelled, "\(request.logDescription): cancelled while waiting to retry")
      }
      totalDelay += plan.delay
      attempt += 1
    }
  }

  private struct RetryPlan {
    var delay: Duration
    var fromRetryAfter: Bool
    var reason: RetryEvent.Reason
  }

  /// How to retry after `outcome`, or `nil` to hand `outcome` back as final.
  private func retryPlan(
    for outcome: Result<HTTPResponse, TransportError>,
    request: HTTPRequest,
    attempt: Int,
    totalDelay: Duration
  ) -> RetryPlan? {
    let reason: RetryEvent.Reason
    var requestedDelay: Duration?
    switch outcome {
    case .success(let response):
      guard policy.shouldRetry(status: response.status, method: request.method) else { return nil }
      reason = .status(response.status)
      requestedDelay = response.headers["Retry-After"]
        .flatMap { RetryAfter(headerValue: $0) }?
        .delay(relativeTo: now())
    case .failure(let error):
      guard policy.shouldRetry(error: error, method: request.method) else { return nil }
      reason = .transportError(error)
    }
    let remainingBudget = policy.maxTotalDelay - totalDelay
    if let requestedDelay {
      // The server named its time: if that is beyond the budget, retrying
      // early is pointless, so give its answer back now.
      guard requestedDelay <= remainingBudget else { return nil }
      return RetryPlan(delay: min(requestedDelay, policy.maxDelay), fromRetryAfter: true, reason: reason)
    }
    let backoff = policy.backoffDelay(afterAttempt: attempt, unitRandom: jitterSource.nextUnit())
    guard backoff <= remainingBudget else { return nil }
    return RetryPlan(delay: backoff, fromRetryAfter: false, reason: reason)
  }
}
