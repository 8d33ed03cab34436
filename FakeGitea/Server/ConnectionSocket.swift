import Foundation
import Glibc

/// The blocking I/O of one accepted connection. `stop()` interrupts every
/// wait: reads and writes because it shuts the socket down, the other waits
/// because they watch the server's ``WakeSignal``.
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
  /// go out in one write), and send and receive timeouts equal to the idle
  /// timeout, so a client that never reads cannot block its thread forever
  /// and an idle one is noticed by a plain blocking `recv()`.
  func configure() {
    var noDelay: Int32 = 1
    _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
    let milliseconds = Int(PollWaiter.milliseconds(idleTimeout))
    var sendTimeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
    _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
    // A zero timeval would mean "never time out"; a zero idle timeout means
    // the opposite, so wait the shortest time the kernel can.
    var receiveTimeout = milliseconds > 0 ? sendTimeout : timeval(tv_sec: 0, tv_usec: 1)
    _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &receiveTimeout, socklen_t(MemoryLayout<timeval>.size))
  }

  /// Waits up to the idle timeout for bytes and appends what arrives to `parser`.
  ///
  /// A blocking `recv()` does the waiting on its own (one system call per
  /// read, rather than `poll()` and then `recv()`): the socket's receive
  /// timeout is the idle timeout, and `stop()` shuts the socket down, which
  /// ends the `recv()` at once. Only a signal sends it through `poll()`,
  /// which keeps to the original deadline.
  func receive(into parser: inout HTTPRequestParser) -> ReceiveOutcome {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: max(idleTimeout, .zero))
    let outcome = readOnce(
      { parser.append($0) },
      afterSignal: {
        switch PollWaiter.wait(for: fd, wake: wake, timeout: clock.now.duration(to: deadline)) {
        case .ready: nil
        case .stopped: .stopped
        case .timedOut: .timedOut
        }
      })
    // Bytes that were already queued when the server began to stop are not served.
    return outcome == .received && wake.isRaised ? .stopped : outcome
  }

  /// One `recv()` of whatever is available, handed to `consume`. After a
  /// signal interrupted the `recv()`, `afterSignal` may end the read with an
  /// outcome, or return nil to try again.
  private func readOnce(
    _ consume: (UnsafeRawBufferPointer) -> Void, afterSignal: () -> ReceiveOutcome? = { nil }
  ) -> ReceiveOutcome {
    withUnsafeTemporaryAllocation(byteCount: Self.readSize, alignment: 1) { space in
      while true {
        let count = recv(fd, space.baseAddress, space.count, 0)
        if count > 0 {
          consume(UnsafeRawBufferPointer(rebasing: space[0..<count]))
          return .received
        }
        if count == 0 { return .closedByPeer }
        switch errno {
        case EINTR:
          if let outcome = afterSignal() { return outcome }
        case EAGAIN, EWOULDBLOCK:
          return .timedOut
        default:
          return .failed
        }
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

  /// Writes `head`, then `body`, with as few `sendmsg()` calls as the kernel
  /// allows (one, unless the socket buffer fills): the body is handed over
  /// where it lies instead of being copied behind the head first. Same
  /// outcomes as ``sendAll(_:)``.
  func sendAll(_ head: [UInt8], _ body: Data) -> Bool {
    guard !body.isEmpty else { return sendAll(head) }
    return head.withUnsafeBytes { headBytes in
      body.withUnsafeBytes { bodyBytes in
        withUnsafeTemporaryAllocation(of: iovec.self, capacity: 2) { vectors in
          var offset = 0
          let total = headBytes.count + bodyBytes.count
          while offset < total {
            // The unsent rest of the head (if any), then of the body.
            var count = 0
            if offset < headBytes.count {
              vectors[count] = iovec(
                iov_base: UnsafeMutableRawPointer(mutating: headBytes.baseAddress! + offset),
                iov_len: headBytes.count - offset)
              count += 1
            }
            let bodyOffset = max(0, offset - headBytes.count)
            vectors[count] = iovec(
              iov_base: UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress! + bodyOffset),
              iov_len: bodyBytes.count - bodyOffset)
            count += 1
            var message = msghdr()
            message.msg_iov = vectors.baseAddress
            message.msg_iovlen = count
            let sent = sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
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
