import Foundation

/// A manifest as the registry stored it: media type, the exact bytes, and
/// their digest.
public struct ManifestRecord: Sendable, Hashable {
  public var mediaType: String
  public var bytes: Data
  /// `sha256:<hex>` of `bytes`.
  public var digest: String

  /// A record whose digest is computed from `bytes`.
  public init(mediaType: String, bytes: Data) {
    self.mediaType = mediaType
    self.bytes = bytes
    self.digest = ContentHashes.sha256Digest(of: bytes)
  }

  /// A record with a digest given by the caller (for example a digest that
  /// deliberately does not match, or one computed elsewhere).
  public init(mediaType: String, bytes: Data, digest: String) {
    self.mediaType = mediaType
    self.bytes = bytes
    self.digest = digest
  }
}
