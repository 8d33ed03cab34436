import Synchronization

/// Random numbers for retry jitter: the system generator in production, a
/// seeded one in tests so that delays are reproducible.
public final class JitterSource: Sendable {
  private enum Generator {
    case system
    case seeded(state: UInt64)
  }

  private let generator: Mutex<Generator>

  private init(_ generator: Generator) {
    self.generator = Mutex(generator)
  }

  /// Backed by the system's random number generator.
  public static func system() -> JitterSource { JitterSource(.system) }

  /// A deterministic sequence: the same seed always yields the same numbers.
  public static func seeded(_ seed: UInt64) -> JitterSource { JitterSource(.seeded(state: seed)) }

  /// The next number in `0..<1`.
  public func nextUnit() -> Double {
    generator.withLock { generator in
      switch generator {
      case .system:
        return Double.random(in: 0..<1)
      case .seeded(let state):
        // SplitMix64: small, fast, and good enough to spread retries.
        let next = state &+ 0x9E37_79B9_7F4A_7C15
        generator = .seeded(state: next)
        var mixed = next
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        // The top 53 bits fill a Double's mantissa exactly.
        return Double(mixed >> 11) / Double(UInt64(1) << 53)
      }
    }
  }
}
