import Foundation

/// Serves the requests of one connection, in order, until it must close.
///
/// Runs on the connection's own thread: it reads into an
/// ``HTTPRequestParser``, calls the handler for each complete request, and
/// writes the answers (or carries out a ``ServerResponse/Disruption``).
struct ConnectionWorker {
  /// How the connection should be closed once serving stops.
  enum Ending: Sendable, Equatable {
    /// Close at once (peer gone, stop, disruption).
    case immediately
    /// Send a FIN and drain what the client still sends, then close.
    case gracefully
    /// Close with an RST.
    case withReset
  }

  /// What the worker reports for ``ServerStatistics``.
  enum Event: Sendable {
    case requestHandled
    case requestRejected
  }

  let connectionID: Int
  let socket: ConnectionSocket
  let limits: LoopbackHTTPServer.Limits
  let handler: LoopbackHTTPServer.Handler
  let report: (Event) -> Void

  func run() -> Ending {
    var parser = HTTPRequestParser(maxHeadBytes: limits.maxHeadBytes, maxBodyBytes: limits.maxBodyBytes)
    var requestNumber = 0
    var continueSent = false
    var date = HTTPDate.Cache()

    while true {
      switch parser.next() {
      case .needMoreData:
        if parser.awaitsContinue, !continueSent {
          guard socket.sendAll(ResponseEncoder.continueInterim) else { return .immediately }
          continueSent = true
        }
        switch socket.receive(into: &parser) {
        case .received:
          continue
        case .timedOut where parser.bufferedByteCount > 0:
          return reject(status: 408, reason: "the request was not completed within the idle timeout")
        case .timedOut, .closedByPeer, .stopped, .failed:
          return .immediately
        }

      case .failure(let status, let reason):
        return reject(status: status, reason: reason)

      case .request(let request, _):
        requestNumber += 1
        continueSent = false
        report(.requestHandled)
        let response = handler(request, ConnectionInfo(connectionID: connectionID, requestNumber: requestNumber))
        if let ending = deliver(
          response, to: request, keepAlive: parser.lastRequestKeepsAlive,
          isHTTP10: parser.lastRequestMinorVersion == 0, date: &date)
        {
          return ending
        }
      }
    }
  }

  /// Sends `response` (after its delay, or instead of it the disruption).
  /// Returns how to close, or nil to keep serving the connection.
  private func deliver(
    _ response: ServerResponse, to request: ServerRequest, keepAlive: Bool, isHTTP10: Bool,
    date: inout HTTPDate.Cache
  ) -> Ending? {
    if response.delay > .zero, socket.wake.wait(atMost: response.delay) {
      return .immediately
    }
    let isHeadRequest = request.method == "HEAD"

    switch response.disruption {
    case .reset:
      return .withReset
    case .closeWithoutResponse:
      return .immediately
    case .garbageThenClose:
      _ = socket.sendAll(ResponseEncoder.garbage)
      return .immediately
    case .truncatedBody:
      _ = socket.sendAll(ResponseEncoder.truncated(response, isHeadRequest: isHeadRequest))
      return .immediately
    case .stall:
      socket.hold(for: limits.idleTimeout)
      return .immediately
    case nil:
      let closing = !keepAlive || ResponseEncoder.asksToClose(response) || socket.wake.isRaised
      let head = ResponseEncoder.head(
        response, isHeadRequest: isHeadRequest, closing: closing, announceKeepAlive: isHTTP10 && !closing,
        date: date.now())
      let body = ResponseEncoder.carriesBody(response, isHeadRequest: isHeadRequest) ? response.body : Data()
      guard socket.sendAll(head, body) else { return .immediately }
      return closing ? .gracefully : nil
    }
  }

  private func reject(status: Int, reason: String) -> Ending {
    report(.requestRejected)
    _ = socket.sendAll(ResponseEncoder.error(status: status, reason: reason))
    return .gracefully
  }
}
