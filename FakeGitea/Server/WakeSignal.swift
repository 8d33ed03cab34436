import Glibc
import Synchronization

/// A one-way "the server is stopping" flag that `poll()` can wait on: a pipe
/// whose read end becomes readable, and stays readable, once ``raise()`` has
/// written to it. Every blocking wait of every connection thread polls it, so
/// `stop()` interrupts reads, delays and stalls alike.
struct WakeSignal: Sendable {
  let readFD: Int32
  let writeFD: Int32
  /// Set by ``raise()`` before it writes, so that ``isRaised`` (asked once
  /// per response) is a load rather than a `poll()` system call.
  private let flag: RaisedFlag

  private final class RaisedFlag: Sendable {
    let isSet = Atomic<Bool>(false)
  }

  /// Creates the pipe, or returns the `errno` that prevented it.
  static func make() -> Result<WakeSignal, ServerError> {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else {
      return .failure(.systemCallFailed("pipe()", errorNumber: errno))
    }
    // Glibc's module does not export pipe2(); set close-on-exec after.
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return .success(WakeSignal(readFD: fds[0], writeFD: fds[1], flag: RaisedFlag()))
  }

  /// Wakes every current and future waiter. The pipe is never drained.
  func raise() {
    flag.isSet.store(true, ordering: .sequentiallyConsistent)
    var byte: UInt8 = 1
    _ = write(writeFD, &byte, 1)
  }

  /// Whether ``raise()`` has been called.
  var isRaised: Bool {
    flag.isSet.load(ordering: .sequentiallyConsistent)
  }

  /// Waits until raised or until `duration` has passed; true if raised.
  func wait(atMost duration: Duration) -> Bool {
    PollWaiter.wait(for: nil, wake: self, timeout: duration) == .stopped
  }

  func close() {
    _ = Glibc.close(readFD)
    _ = Glibc.close(writeFD)
  }
}
