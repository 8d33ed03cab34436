import Foundation
import Synchronization

@testable import RegistryGC

/// A transport that plays back a fixed list of answers, one per request, and
/// remembers what it was sent. Running past the script is a test bug, reported
/// as a transport error that names it.
final class ScriptedTransport: HTTPTransport {
  private struct State {
    var script: [Result<HTTPResponse, TransportError>]
    var received: [HTTPRequest] = []
  }

  private let state: Mutex<State>

  init(_ script: [Result<HTTPResponse, TransportError>]) {
    state = Mutex(State(script: script))
  }

  /// The requests sent so far, in order.
  var received: [HTTPRequest] { state.withLock { $0.received } }

  func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
    let next = state.withLock { state in
      state.received.append(request)
      return state.script.isEmpty ? nil : state.script.removeFirst()
    }
    guard let next else {
      throw TransportError(.other, "ScriptedTransport: request \(received.count) has no scripted answer")
    }
    return try next.get()
  }
}

/// A sleeper that returns at once and remembers every delay it was asked for.
final class RecordingSleeper: Sendable {
  private let delays = Mutex<[Duration]>([])

  var recorded: [Duration] { delays.withLock { $0 } }

  var sleeper: RetryingTransport.Sleeper {
    { [self] duration in delays.withLock { $0.append(duration) } }
  }
}

/// Collects the events a ``RetryingTransport`` reports.
final class RetryEventLog: Sendable {
  private let events = Mutex<[RetryEvent]>([])

  var recorded: [RetryEvent] { events.withLock { $0 } }

  var observer: @Sendable (RetryEvent) -> Void {
    { [self] event in events.withLock { $0.append(event) } }
  }
}
