/// One decision of ``RetryingTransport`` to send a request again, reported to
/// its observer just before it waits.
public struct RetryEvent: Sendable, Equatable, CustomStringConvertible {
  /// Why the previous attempt did not count as an answer.
  public enum Reason: Sendable, Equatable {
    /// The server answered with a retryable status (429, 503, ...).
    case status(Int)
    /// No answer came at all.
    case transportError(TransportError)
  }

  /// The request, as ``HTTPRequest/logDescription`` prints it (no secrets).
  public var request: String
  /// The attempt about to be made, 2 for the first retry.
  public var nextAttempt: Int
  /// The most attempts the policy allows.
  public var maxAttempts: Int
  /// How long the transport waits before that attempt.
  public var delay: Duration
  /// Whether the delay came from the server's `Retry-After` header.
  public var delayFromRetryAfter: Bool
  public var reason: Reason

  public init(
    request: String,
    nextAttempt: Int,
    maxAttempts: Int,
    delay: Duration,
    delayFromRetryAfter: Bool,
    reason: Reason
  ) {
    self.request = request
    self.nextAttempt = nextAttempt
    self.maxAttempts = maxAttempts
    self.delay = delay
    self.delayFromRetryAfter = delayFromRetryAfter
    self.reason = reason
  }

  /// `retrying GET https://host/path after 503 (attempt 2/4, waiting 1.0 s)`
  public var description: String {
    let cause: String
    switch reason {
    case .status(let status): cause = "\(status)"
    case .transportError(let error): cause = "\(error.kind.rawValue) (\(error.message))"
    }
    let origin = delayFromRetryAfter ? " as Retry-After asks" : ""
    return
      "retrying \(request) after \(cause) (attempt \(nextAttempt)/\(maxAttempts), waiting \(delay.logDescription)\(origin))"
  }
}
