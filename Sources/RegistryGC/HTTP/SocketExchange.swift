import Glibc
import Synchronization

/// One request handed from an async caller of ``SocketHTTPTransport`` to a
/// connection thread, and the single outcome handed back.
///
/// The caller waits on a continuation that is resumed exactly once: by the
/// connection thread with the response or a failure, or at once by
/// ``abort(_:)`` when the task is cancelled or the transport invalidated. An
/// abort also shuts down the socket the request is using, so the connection
/// thread wakes from its wait, sees ``abortReason`` and closes that
/// connection. The socket is registered with ``use(descriptor:)`` (by the
/// thread, or by the caller that writes the request on a kept connection)
/// and unregistered by the thread with ``release(descriptor:)`` before it
/// closes it, both under this exchange's lock, so an abort can never shut
/// down a recycled descriptor number.
final class SocketExchange: Sendable {
  typealias Outcome = Result<HTTPResponse, TransportError>

  let request: HTTPRequest
  /// The bytes to write, request line to body.
  let bytes: [UInt8]
  /// `METHOD URL` without credentials, for messages; worked out only when
  /// needed, since it parses the URL again.
  var label: String { request.logDescription }
  /// When the whole exchange must be over, queueing included.
  let deadline: ContinuousClock.Instant
  /// The deadline as the user gave it, for the message when it passes.
  let deadlineDuration: Duration

  private let state = Mutex(State())

  private struct State {
    var continuation: CheckedContinuation<Outcome, Never>?
    /// Set once; later outcomes are ignored.
    var outcome: Outcome?
    var abortReason: TransportError?
    /// The socket the connection thread is using for this exchange.
    var descriptor: Int32?
  }

  init(
    request: HTTPRequest, bytes: [UInt8], deadline: ContinuousClock.Instant, deadlineDuration: Duration
  ) {
    self.request = request
    self.bytes = bytes
    self.deadline = deadline
    self.deadlineDuration = deadlineDuration
  }

  /// Whether sending the request twice does no more harm than once
  /// (RFC 9110 §9.2.2), which allows one silent retry on a new connection.
  var isIdempotent: Bool {
    switch request.method.uppercased() {
    case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE": true
    default: false
    }
  }

  /// Stores the caller's continuation. Returns false, having resumed it
  /// already, when the exchange ended before it began (cancelled early).
  func attach(_ continuation: CheckedContinuation<Outcome, Never>) -> Bool {
    let earlyOutcome: Outcome? = state.withLock { state in
      if let outcome = state.outcome { return outcome }
      state.continuation = continuation
      return nil
    }
    guard let earlyOutcome else { return true }
    continuation.resume(returning: earlyOutcome)
    return false
  }

  /// Why the exchange was stopped from outside, if it was.
  var abortReason: TransportError? { state.withLock { $0.abortReason } }

  /// Whether the outcome has been given already.
  var isFinished: Bool { state.withLock { $0.outcome != nil } }

  /// Registers the socket this exchange is about to use. Returns false when
  /// the exchange was aborted meanwhile: then nothing may be sent.
  func use(descriptor: Int32) -> Bool {
    state.withLock { state in
      guard state.abortReason == nil, state.outcome == nil else { return false }
      state.descriptor = descriptor
      return true
    }
  }

  /// Unregisters the socket; call before closing it or using it for another exchange.
  func release(descriptor: Int32) {
    state.withLock { state in
      if state.descriptor == descriptor { state.descriptor = nil }
    }
  }

  /// Ends the exchange from outside (cancellation, invalidation): the caller
  /// gets `error` now, and the socket in use, if any, is shut down.
  func abort(_ error: TransportError) {
    let continuation: CheckedContinuation<Outcome, Never>? = state.withLock { state in
      guard state.outcome == nil else { return nil }
      state.abortReason = error
      state.outcome = .failure(error)
      if let descriptor = state.descriptor {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
      }
      defer { state.continuation = nil }
      return state.continuation
    }
    continuation?.resume(returning: .failure(error))
  }

  /// Gives the caller `outcome`, unless it has had one already.
  func finish(_ outcome: Outcome) {
    let continuation: CheckedContinuation<Outcome, Never>? = state.withLock { state in
      guard state.outcome == nil else { return nil }
      state.outcome = outcome
      defer { state.continuation = nil }
      return state.continuation
    }
    continuation?.resume(returning: outcome)
  }
}
