import Foundation

/// A blob's bytes, shared by every repository that links it.
struct StoredBlob: Sendable {
  let bytes: Data
  /// Filled the first time a manifest push needs the file hashes.
  var hashes: ContentHashes?
}
