/// One file of a package version as `/files` lists it.
public struct PackageFileRecord: Sendable, Hashable {
  public let id: Int64
  public let name: String
  public let size: Int64
  public let hashes: ContentHashes

  public init(id: Int64, content: PackageFileContent) {
    self.id = id
    self.name = content.name
    self.size = content.size
    self.hashes = content.hashes
  }
}

/// A file to attach to a version on push (ids are assigned by the store).
/// The OCI routes use this for config and layer blobs, named `sha256_<hex>`
/// as Gitea names them.
public struct PackageFileContent: Sendable, Hashable {
  public var name: String
  public var size: Int64
  public var hashes: ContentHashes

  public init(name: String, size: Int64, hashes: ContentHashes) {
    self.name = name
    self.size = size
    self.hashes = hashes
  }
}
