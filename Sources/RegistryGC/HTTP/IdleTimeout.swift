/// The idle timeout as ``SocketHTTPTransport`` applies it: whole seconds,
/// at least one, like ``URLSessionTransport``'s, and at most ``longest``.
struct IdleTimeout: Sendable, Equatable {
  let seconds: Int
  var duration: Duration { .seconds(seconds) }

  /// A year: beyond it, clock arithmetic could overflow, and nobody waits that long.
  static let longest = Duration.seconds(365 * 24 * 3600)

  init(_ duration: Duration) {
    seconds = URLSessionTransport.wholeSeconds(roundingUp: min(duration, Self.longest))
  }

  /// `duration` in milliseconds for `poll()`, rounded up, at least 1 and at
  /// most `Int32.max` (24 days; waits are simply renewed after that).
  static func milliseconds(roundingUp duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    guard seconds < Int64(Int32.max) / 1000 else { return Int32.max }
    let whole = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    let rounded = attoseconds % 1_000_000_000_000_000 > 0 ? whole + 1 : whole
    return Int32(clamping: max(1, rounded))
  }
}
