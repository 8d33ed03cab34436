/// When and how long ``RetryingTransport`` waits before sending a request again.
///
/// Delays grow exponentially from ``baseDelay`` (0.5 s, 1 s, 2 s, ...) up to
/// ``maxDelay``; ``jitter`` shortens each one by a random fraction so that many
/// clients do not retry in lockstep. All the delays of one request together may
/// not exceed ``maxTotalDelay``: a retry whose delay does not fit in what is left
/// of that budget is not made, and the last answer is returned instead.
///
/// Statuses in ``retryableStatuses`` are retried for idempotent methods, and
/// ``statusesRetriedForSafeMethods`` (a 500) for GET and HEAD only, which
/// change nothing on the server however often they are sent. For
/// other methods (POST, PATCH) only ``statusesRetriedForAnyMethod`` are, because
/// those statuses say the server did not act on the request. Transport errors are
/// retried only when ``TransportError/isTransient`` and the method is idempotent:
/// a POST whose connection dropped may already have taken effect.
public struct RetryPolicy: Sendable, Equatable {
  /// How many times a request is sent at most, the first attempt included.
  /// 1 disables retrying.
  public var maxAttempts: Int
  /// The delay before the second attempt; each later one doubles it.
  public var baseDelay: Duration
  /// No single delay is longer than this, `Retry-After` included.
  public var maxDelay: Duration
  /// The most time spent waiting between the attempts of one request.
  public var maxTotalDelay: Duration
  /// Response statuses worth retrying for idempotent methods.
  public var retryableStatuses: Set<Int>
  /// Response statuses worth retrying whatever the method, because they mean
  /// the server refused the request without acting on it.
  public var statusesRetriedForAnyMethod: Set<Int>
  /// Response statuses worth retrying for safe methods (GET, HEAD) only: a
  /// 500 while listing may pass, and asking again changes nothing.
  public var statusesRetriedForSafeMethods: Set<Int>
  /// Methods that may be sent twice with the same effect as once (RFC 9110 §9.2.2).
  public var idempotentMethods: Set<String>
  /// The largest fraction (0...1) by which a computed backoff delay may be
  /// shortened at random. 0 makes delays exact. `Retry-After` is never jittered.
  public var jitter: Double

  public init(
    maxAttempts: Int = 4,
    baseDelay: Duration = .milliseconds(500),
    maxDelay: Duration = .seconds(8),
    maxTotalDelay: Duration = .seconds(30),
    retryableStatuses: Set<Int> = [429, 502, 503, 504],
    statusesRetriedForAnyMethod: Set<Int> = [429, 503],
    statusesRetriedForSafeMethods: Set<Int> = [500],
    idempotentMethods: Set<String> = ["GET", "HEAD", "DELETE", "PUT", "OPTIONS"],
    jitter: Double = 0.25
  ) {
    self.maxAttempts = max(1, maxAttempts)
    self.baseDelay = max(.zero, baseDelay)
    self.maxDelay = max(.zero, maxDelay)
    self.maxTotalDelay = max(.zero, maxTotalDelay)
    self.retryableStatuses = retryableStatuses
    self.statusesRetriedForAnyMethod = statusesRetriedForAnyMethod
    self.statusesRetriedForSafeMethods = statusesRetriedForSafeMethods
    self.idempotentMethods = idempotentMethods
    self.jitter = min(1, max(0, jitter))
  }

  /// A policy that sends every request exactly once.
  public static let never = RetryPolicy(maxAttempts: 1)

  /// Whether `method` is idempotent under this policy (compared in upper case).
  public func isIdempotent(_ method: String) -> Bool {
    idempotentMethods.contains(method.uppercased())
  }

  /// Whether a response with `status` to a `method` request is worth retrying.
  public func shouldRetry(status: Int, method: String) -> Bool {
    if statusesRetriedForSafeMethods.contains(status) {
      return ["GET", "HEAD"].contains(method.uppercased())
    }
    guard retryableStatuses.contains(status) || statusesRetriedForAnyMethod.contains(status) else {
      return false
    }
    return isIdempotent(method) || statusesRetriedForAnyMethod.contains(status)
  }

  /// Whether a `method` request that failed with `error` is worth retrying.
  public func shouldRetry(error: TransportError, method: String) -> Bool {
    error.isTransient && isIdempotent(method)
  }

  /// The backoff delay after failed attempt number `attempt` (1-based):
  /// `baseDelay * 2^(attempt-1)`, capped at ``maxDelay``, then shortened by
  /// `jitter * unitRandom`, where `unitRandom` is in `0..<1`.
  public func backoffDelay(afterAttempt attempt: Int, unitRandom: Double) -> Duration {
    var delay = baseDelay
    var doublings = max(0, attempt - 1)
    while doublings > 0 && delay < maxDelay {
      delay *= 2
      doublings -= 1
    }
    let capped = min(delay, maxDelay)
    let shortening = jitter * min(max(unitRandom, 0), 1)
    guard shortening > 0 else { return capped }
    return capped * (1 - shortening)
  }
}
