import Glibc

/// The blocking I/O of one accepted connection. Every wait also watches the
/// server's ``WakeSignal``, so `stop()` interrupts it.
///
/// The connection's thread is the only one that closes `fd`; `stop()` only
/// calls `shutdown()` on it while it is still registered, which is what keeps
/// a recycled descriptor number from being shut down by mistake.
struct ConnectionSocket: Sendable {
  let fd: Int32
  let wake: WakeSignal
  let idleTimeout: Duration

  /// How long a graceful close waits for the client to finish sending.
  static let lingerLimit: Duration = .seconds(1)
  private static let readSize = 64 * 1024

  enum ReceiveOutcome: Sendable, Equatable {
    case received
    case closedByPeer
    case timedOut
    case stopped
    case failed
  }

  /// Sets the options every accepted socket gets: no Nagle delay (responses
  /// go out in one write) and a send timeout equal to the idle timeout, so a
  /// client that never reads cannot block its thread forever.
  func configure() {
    var noDelay: Int32 = 1
    _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
    let milliseconds = Int(PollWaiter.milliseconds(idleTimeout))
    var sendTimeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
    _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
  }

  /// Waits up to the idle timeout for bytes and appends what arrives to `parser`.
  func receive(into parser: inout HTTPRequestParser) -> ReceiveOutcome {
    switch PollWaiter.wait(for: fd, wake: wake, timeout: idleTimeout) {
    case .stopped: return .stopped
    case .timedOut: return .timedOut
    case .ready: break
    }
    return readOnce { parser.append($0) }
  }

  /// One `recv()` of whatever is available, handed to `consume`.
  private func readOnce(_ consume: (UnsafeRawBufferPointer) -> Void) -> ReceiveOutcome {
    withUnsafeTemporaryAllocation(byteCount: Self.readSize, alignment: 1) { space in
      while true {
        let count = recv(fd, space.baseAddress, space.count, 0)
        if count > 0 {
          consume(UnsafeRawBufferPointer(rebasing: space[0..<count]))
          return .received
        }
        if count == 0 { return .closedByPeer }
        if errno == EINTR { continue }
        return .failed
      }
    }
  }

  /// Writes all of `bytes`; false if the peer went away, the send timed out
  /// or the server is stopping. Never raises SIGPIPE.
  func sendAll(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let sent = send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
        if sent > 0 {
          offset += sent
        } else if sent < 0, errno == EINTR {
          continue
        } else {
          return false
        }
      }
      return true
    }
  }

  /// Holds the connection without touching it until the server stops or
  /// `duration` passes.
  func hold(for duration: Duration) {
    _ = wake.wait(atMost: duration)
  }

  /// Arranges for `close()` to send an RST instead of a FIN.
  func resetOnClose() {
    var option = linger(l_onoff: 1, l_linger: 0)
    _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
  }

  /// Sends a FIN, then reads and drops whatever the client still sends for a
  /// moment, so that closing with unread bytes does not turn into an RST that
  /// could destroy the response before the client reads it.
  func finishSending() {
    _ = shutdown(fd, Int32(SHUT_WR))
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: min(idleTimeout, Self.lingerLimit))
    var drainedBytes = 0
    while drainedBytes < 16 * Self.readSize {
      let remaining = clock.now.duration(to: deadline)
      guard remaining > .zero, PollWaiter.wait(for: fd, wake: wake, timeout: remaining) == .ready,
        readOnce({ drainedBytes += $0.count }) == .received
      else { return }
    }
  }
}
