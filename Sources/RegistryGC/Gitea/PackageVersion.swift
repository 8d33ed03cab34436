import Foundation

/// One row of Gitea's package list: one version (a tag, or an untagged
/// `sha256:` manifest) of one package.
public struct PackageVersion: Sendable, Hashable {
  /// The version's id (`package_version.id`). A re-pushed tag gets a new one.
  public var id: Int64
  /// The package's name as Gitea reports it (lower-cased for containers).
  public var packageName: String
  /// The package type, `container` for images.
  public var type: String
  /// The tag, or `sha256:<hex>` for a manifest pushed by digest.
  public var version: String
  /// When this version was (last) pushed.
  public var createdAt: Date
  /// `created_at` exactly as the server wrote it, for reports.
  public var createdAtText: String

  public init(id: Int64, packageName: String, type: String = "container", version: String, createdAt: Date, createdAtText: String? = nil) {
    self.id = id
    self.packageName = packageName
    self.type = type
    self.version = version
    self.createdAt = createdAt
    self.createdAtText = createdAtText ?? Timestamp.format(createdAt)
  }

  /// Whether this row is an untagged manifest named by its digest.
  public var isDigest: Bool { Digest.isValid(version) }

  /// Whether the version is something a registry could hold: a tag as the
  /// OCI distribution spec spells it, or a `sha256:` digest. Anything else
  /// (`.`, a space, a control character) is never deleted.
  public var hasImageName: Bool { isDigest || Tag.isValid(version) }

  /// Newest first: later `createdAt`, then the higher id, which Gitea assigns
  /// to the later insert. The order is total, so every run sorts alike.
  public static func newerFirst(_ a: PackageVersion, _ b: PackageVersion) -> Bool {
    if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
    if a.id != b.id { return a.id > b.id }
    return a.version < b.version
  }
}

/// Image tags as the OCI distribution spec allows them:
/// `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`.
public enum Tag {
  public static func isValid(_ text: String) -> Bool {
    let bytes = text.utf8
    guard let first = bytes.first, bytes.count <= 128, first.isASCIIWordByte else { return false }
    return bytes.dropFirst().allSatisfy { $0.isASCIIWordByte || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
  }
}

/// Content digests as Gitea names untagged container versions.
public enum Digest {
  /// Whether `text` is `sha256:` followed by 64 lower-case hex digits.
  public static func isValid(_ text: String) -> Bool {
    let bytes = text.utf8
    guard bytes.count == 71, text.hasPrefix("sha256:") else { return false }
    return bytes.dropFirst(7).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }
}

extension PackageVersion {
  /// Decodes a list page: a JSON array of package objects.
  static func decodePage(_ body: Data) throws(ListingDecodingError) -> [PackageVersion] {
    try ListPageDecoder.decode(body)
  }
}

/// Why a list page could not be read.
public struct ListingDecodingError: Error, Sendable, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
}
