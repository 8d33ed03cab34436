import Synchronization

@testable import RegistryGC

/// A ``Console`` that keeps every line written to it, so tests can read the
/// output and search all of it for things that must never be printed.
final class CapturedConsole: Sendable {
  enum Stream: Sendable { case out, err }

  private let lines = Mutex<[(Stream, String)]>([])
  let isTerminal: Bool

  init(isTerminal: Bool = false) {
    self.isTerminal = isTerminal
  }

  var console: Console {
    Console(
      out: { [self] line in lines.withLock { $0.append((.out, line)) } },
      err: { [self] line in lines.withLock { $0.append((.err, line)) } },
      isTerminal: isTerminal)
  }

  /// What each call to `out` wrote (a block of lines may be one write).
  var out: [String] { lines.withLock { $0.filter { $0.0 == .out }.map(\.1) } }
  /// Standard output as a reader sees it, line by line.
  var outLines: [String] { out.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } }
  var err: [String] { lines.withLock { $0.filter { $0.0 == .err }.map(\.1) } }
  /// Everything written, both streams, one line each.
  var all: String { lines.withLock { $0.map(\.1).joined(separator: "\n") } }
}
