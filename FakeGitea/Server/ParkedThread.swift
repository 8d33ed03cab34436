import Dispatch

/// A connection thread that has finished its connection and waits a while to
/// be handed the next one. Starting a thread costs more CPU than answering a
/// small request (about 30 µs here), and a client that opens a connection per
/// request would pay that every time.
///
/// ``assignment`` is only read and written under the server's state lock,
/// which is what makes this class safe to share.
final class ParkedThread: @unchecked Sendable {
  /// A registered connection for the thread to serve.
  struct Assignment: Sendable {
    let fd: Int32
    let connectionID: Int
  }

  /// Set by the accept thread just before ``wake()``; `nil` when woken to stop.
  var assignment: Assignment?
  private let signal = DispatchSemaphore(value: 0)

  /// Returns once woken, or after `duration` otherwise.
  func sleep(atMost duration: DispatchTimeInterval) {
    _ = signal.wait(timeout: .now() + duration)
  }

  func wake() {
    signal.signal()
  }
}
