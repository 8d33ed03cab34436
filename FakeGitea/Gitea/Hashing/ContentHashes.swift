import Foundation

/// The four hashes Gitea stores for every package file, as lower-case hex.
///
/// Also the place to compute an OCI digest: `ContentHashes.sha256Digest(of:)`
/// gives `sha256:<hex>`.
public struct ContentHashes: Sendable, Hashable {
  public var md5: String
  public var sha1: String
  public var sha256: String
  public var sha512: String

  /// Hashes `data` with all four algorithms.
  public init(of data: Data) {
    md5 = MD5.hexDigest(data)
    sha1 = SHA1.hexDigest(data)
    sha256 = SHA256.hexDigest(data)
    sha512 = SHA512.hexDigest(data)
  }

  /// The hashes of zero bytes, which Gitea's own tests expect for an empty upload.
  public static let ofEmptyContent = ContentHashes(of: Data())

  /// `sha256:<hex>` of `data`, the form OCI uses for content digests.
  public static func sha256Digest(of data: Data) -> String {
    "sha256:" + SHA256.hexDigest(data)
  }
}
