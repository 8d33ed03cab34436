import Foundation

/// One version (for containers: one tag or one `sha256:` digest) of a package.
public struct SeedVersion: Sendable, Hashable {
  public var version: String
  public var created: Date
  /// Digests (`sha256:…`) this version references when it is an image index.
  public var children: [String]
  /// The manifest stored under this version, if the scenario needs one.
  public var manifest: ManifestRecord?
  /// Who pushed it; defaults to the package owner.
  public var creator: String?
  /// Internal versions (such as a container's `_upload`) never appear in
  /// lists or lookups.
  public var isInternal: Bool

  public init(
    version: String,
    created: Date,
    children: [String] = [],
    manifest: ManifestRecord? = nil,
    creator: String? = nil,
    isInternal: Bool = false
  ) {
    self.version = version
    self.created = created
    self.children = children
    self.manifest = manifest
    self.creator = creator
    self.isInternal = isInternal
  }
}
