/// The manifests of one container package as the registry serves them:
/// stored manifests as they were pushed, and synthetic ones (see
/// ``SyntheticManifest``) for versions that have none. A synthetic manifest
/// of a `sha256:` version declares the version name as its digest, so the
/// seeded digest rows and the children listed by seeded indexes agree.
struct RepositoryManifests {
  /// `owner/image`, lower-cased.
  let repository: String
  /// The visible versions, in list order (newest first).
  let versions: [PackageVersionSnapshot]
  private let versionsByName: [String: PackageVersionSnapshot]
  private let cache: SyntheticManifestCache

  /// Nested indexes deeper than this are synthesised without looking at
  /// their children's sizes (which also ends reference cycles in seeds).
  private static let maximumDepth = 4

  init(snapshot: PackageSnapshot?, repository: String, cache: SyntheticManifestCache) {
    self.repository = repository
    self.cache = cache
    versions = (snapshot?.versions ?? []).filter { !$0.isInternal }
    var byName: [String: PackageVersionSnapshot] = [:]
    for version in versions { byName[version.version.lowercased()] = version }
    versionsByName = byName
  }

  /// The version holding tag `tag` (case-insensitive), if any.
  func version(tagged tag: String) -> PackageVersionSnapshot? {
    versionsByName[tag.lowercased()]
  }

  /// Every version whose manifest has `digest`, in list order.
  func versions(withDigest digest: String) -> [PackageVersionSnapshot] {
    versions.filter { manifest(of: $0).digest == digest }
  }

  /// The manifest with `digest`, from whichever version holds it.
  func manifest(withDigest digest: String) -> ManifestRecord? {
    if let named = versionsByName[digest.lowercased()] {
      let record = manifest(of: named)
      if record.digest == digest { return record }
    }
    return versions.lazy.map { manifest(of: $0) }.first { $0.digest == digest }
  }

  /// Tagged versions (every version that is not a digest), sorted by name.
  var tags: [String] {
    versions.map(\.version).filter { !OCIReference.isDigest($0) }
      .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  /// The manifest `version` serves: the stored one, or a synthetic one.
  func manifest(of version: PackageVersionSnapshot) -> ManifestRecord {
    manifest(of: version, depth: 0)
  }

  private func manifest(of version: PackageVersionSnapshot, depth: Int) -> ManifestRecord {
    if let stored = version.manifest { return stored }
    let children: [(digest: String, size: Int)] = version.children.map { digest in
      (digest, depth < Self.maximumDepth ? childSize(digest, depth: depth + 1) : imageManifestSize(digest))
    }
    let key =
      "\(repository)\u{0}\(version.version)\u{0}"
      + children.map { "\($0.digest)=\($0.size)" }.joined(separator: ",")
    return cache.record(for: key) {
      let bytes =
        children.isEmpty
        ? SyntheticManifest.imageManifest(repository: repository, version: version.version)
        : SyntheticManifest.index(repository: repository, version: version.version, children: children)
      let mediaType = children.isEmpty ? ManifestMediaType.ociManifest : ManifestMediaType.ociIndex
      if OCIReference.isDigest(version.version) {
        return ManifestRecord(mediaType: mediaType, bytes: bytes, digest: version.version)
      }
      return ManifestRecord(mediaType: mediaType, bytes: bytes)
    }
  }

  /// The size an index lists for child `digest`: that of the version named
  /// by the digest, or of a stored manifest with it, or of the image
  /// manifest a missing child would be synthesised as.
  private func childSize(_ digest: String, depth: Int) -> Int {
    if let named = versionsByName[digest.lowercased()] {
      return manifest(of: named, depth: depth).bytes.count
    }
    if let stored = versions.lazy.compactMap(\.manifest).first(where: { $0.digest == digest }) {
      return stored.bytes.count
    }
    return imageManifestSize(digest)
  }

  private func imageManifestSize(_ digest: String) -> Int {
    SyntheticManifest.imageManifest(repository: repository, version: digest.lowercased()).count
  }
}
