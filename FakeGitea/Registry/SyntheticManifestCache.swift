import Synchronization

/// Remembers synthetic manifests already built, keyed by everything that
/// goes into them, so digest lookups over many seeded versions do not hash
/// the same bytes again and again. Entries never go stale: the key holds
/// the whole input.
final class SyntheticManifestCache: Sendable {
  private static let capacity = 8192
  private let entries = Mutex<[String: ManifestRecord]>([:])

  func record(for key: String, build: () -> ManifestRecord) -> ManifestRecord {
    if let cached = entries.withLock({ $0[key] }) { return cached }
    let built = build()
    entries.withLock { entries in
      if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
      entries[key] = built
    }
    return built
  }
}
