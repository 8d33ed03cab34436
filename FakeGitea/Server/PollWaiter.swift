import Glibc

/// Waits with `poll()` for a socket to become ready, for the server's
/// ``WakeSignal``, or for a timeout, whichever comes first.
enum PollWaiter {
  enum Outcome: Sendable, Equatable {
    /// The socket is readable (or writable), or has hung up or failed.
    case ready
    /// The server is stopping.
    case stopped
    case timedOut
  }

  /// Waits for `events` on `fd` (or only for the wake signal when `fd` is
  /// nil). Retries after signals, keeping to the original deadline.
  static func wait(for fd: Int32?, events: Int16 = Int16(POLLIN), wake: WakeSignal, timeout: Duration) -> Outcome {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: max(timeout, .zero))
    while true {
      var entries = [pollfd(fd: wake.readFD, events: Int16(POLLIN), revents: 0)]
      if let fd { entries.append(pollfd(fd: fd, events: events, revents: 0)) }
      let remaining = clock.now.duration(to: deadline)
      let result = poll(&entries, nfds_t(entries.count), milliseconds(remaining))
      if result < 0 {
        if errno == EINTR { continue }
        // A poll failure cannot be waited out; treat the socket as ready so
        // the caller's next read or write reports the real error.
        return .ready
      }
      if entries[0].revents != 0 { return .stopped }
      if entries.count > 1, entries[1].revents != 0 { return .ready }
      if clock.now >= deadline { return .timedOut }
    }
  }

  /// `duration` in whole milliseconds for `poll()`, rounded up so a short
  /// wait never becomes a busy loop, and capped to what `Int32` holds.
  static func milliseconds(_ duration: Duration) -> Int32 {
    guard duration > .zero else { return 0 }
    let (seconds, attoseconds) = duration.components
    let (wholeMilliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
    if overflow || wholeMilliseconds >= Int64(Int32.max) { return Int32.max }
    let partial = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(min(Int64(Int32.max), wholeMilliseconds + partial))
  }
}
