import Dispatch
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One request in flight through ``URLSessionTransport``: collects what the
/// session delegate reports and hands exactly one outcome to the waiting
/// caller, whichever comes first of completion, deadline and cancellation.
final class PendingExchange: Sendable {
  typealias Outcome = Result<HTTPResponse, TransportError>

  let request: HTTPRequest
  let idleTimeoutSeconds: Int
  private let state = Mutex(State())

  private struct State {
    var continuation: CheckedContinuation<Outcome, Never>?
    var task: URLSessionTask?
    /// On a Dispatch queue rather than a Swift task, so that the deadline
    /// fires even when the cooperative thread pool is busy or blocked.
    var deadlineTimer: DispatchWorkItem?
    /// Set once; later reports are ignored.
    var outcome: Outcome?
    var response: HTTPURLResponse?
    var body = Data()
  }

  init(request: HTTPRequest, idleTimeoutSeconds: Int) {
    self.request = request
    self.idleTimeoutSeconds = idleTimeoutSeconds
  }

  /// Starts `task` and arms the deadline, unless the exchange already ended
  /// (cancelled before it began), in which case `continuation` resumes at once.
  func start(task: URLSessionTask, deadline: Duration, continuation: CheckedContinuation<Outcome, Never>) {
    let earlyOutcome: Outcome? = state.withLock { state in
      if let outcome = state.outcome { return outcome }
      state.continuation = continuation
      state.task = task
      let timer = DispatchWorkItem { [self] in
        finish(
          .failure(
            TransportError(
              .timedOut,
              "\(request.logDescription): no complete response within \(deadline.logDescription) (request deadline)")))
      }
      state.deadlineTimer = timer
      DispatchQueue.global().asyncAfter(deadline: .now() + deadline.inSeconds, execute: timer)
      return nil
    }
    if let earlyOutcome {
      task.cancel()
      continuation.resume(returning: earlyOutcome)
      return
    }
    task.resume()
  }

  func record(response: HTTPURLResponse) {
    state.withLock { state in
      state.response = response
      // A response after a refused redirect replaces the 3xx's body, if any.
      state.body = Data()
    }
  }

  func append(_ data: Data) {
    state.withLock { $0.body.append(data) }
  }

  /// The task completed; `error` is nil on success.
  func complete(error: (any Error)?) {
    if let error {
      finish(.failure(.fromURLSession(error, request: request, idleTimeoutSeconds: idleTimeoutSeconds)))
      return
    }
    let received = state.withLock { ($0.response, $0.body) }
    guard let response = received.0 else {
      finish(
        .failure(
          TransportError(
            .malformedResponse, "\(request.logDescription): the transfer ended without an HTTP response")))
      return
    }
    finish(.success(Self.makeResponse(response, body: received.1)))
  }

  /// URLSession raised an authentication challenge. A 401 or 407 received in
  /// full before it is the server's real answer, so that is what the caller
  /// gets; without one, the challenge itself is reported.
  func challenged(failureResponse: URLResponse?) {
    let received = state.withLock { ($0.response, $0.body) }
    if let response = received.0 ?? (failureResponse as? HTTPURLResponse),
      response.statusCode == 401 || response.statusCode == 407
    {
      let body = received.0 == nil ? Data() : received.1
      finish(.success(Self.makeResponse(response, body: body)))
    } else {
      finish(
        .failure(
          TransportError(
            .authenticationChallenge,
            "\(request.logDescription): the server asked for credentials in a way this client does not answer")))
    }
  }

  /// Ends the exchange with `outcome` if it has not ended yet; a failure
  /// also cancels the URLSession task.
  func finish(_ outcome: Outcome) {
    let ended: (CheckedContinuation<Outcome, Never>?, URLSessionTask?, DispatchWorkItem?)? = state.withLock { state in
      guard state.outcome == nil else { return nil }
      state.outcome = outcome
      defer {
        state.continuation = nil
        state.task = nil
        state.deadlineTimer = nil
      }
      return (state.continuation, state.task, state.deadlineTimer)
    }
    guard let (continuation, task, timer) = ended else { return }
    timer?.cancel()
    if case .failure = outcome { task?.cancel() }
    continuation?.resume(returning: outcome)
  }

  /// Header order is lost inside URLSession; sorting by name at least makes
  /// the result the same on every run.
  private static func makeResponse(_ response: HTTPURLResponse, body: Data) -> HTTPResponse {
    let fields = response.allHeaderFields.compactMap { name, value -> HTTPHeaders.Field? in
      guard let name = name as? String else { return nil }
      return HTTPHeaders.Field(name: name, value: "\(value)")
    }
    .sorted { $0.name.lowercased() < $1.name.lowercased() }
    return HTTPResponse(status: response.statusCode, headers: HTTPHeaders(fields), body: body)
  }
}
