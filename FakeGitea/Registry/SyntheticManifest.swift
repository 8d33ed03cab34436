import Foundation

/// Manifests for versions that were seeded or pushed without one, made up
/// deterministically so that every read of the same version gives the same
/// bytes: an OCI index listing the version's children when it has any,
/// otherwise a small OCI image manifest with an empty-rootfs config.
enum SyntheticManifest {
  /// The config blob every synthetic image manifest points at. Pulls can
  /// fetch it from any repository.
  static let configBytes = Data(
    #"{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}"#.utf8)
  static let configDigest = ContentHashes.sha256Digest(of: configBytes)

  /// Platforms given to the children of a synthetic index, in order;
  /// further children get `unknown/unknown` (as attestation manifests have).
  static let platforms: [(os: String, architecture: String, variant: String?)] = [
    ("linux", "amd64", nil), ("linux", "arm64", nil), ("linux", "arm", "v7"), ("linux", "386", nil),
    ("linux", "ppc64le", nil), ("linux", "s390x", nil),
  ]

  /// An image manifest naming the package and version in an annotation, so
  /// that different versions get different digests.
  static func imageManifest(repository: String, version: String) -> Data {
    let document = GoJSON.object([
      ("schemaVersion", .integer(2)),
      ("mediaType", .string(ManifestMediaType.ociManifest)),
      (
        "config",
        .object([
          ("mediaType", .string(ManifestMediaType.ociImageConfig)),
          ("digest", .string(configDigest)),
          ("size", .integer(Int64(configBytes.count))),
        ])
      ),
      ("layers", .array([])),
      ("annotations", annotations(repository: repository, version: version)),
    ])
    return Data(document.encoded.utf8)
  }

  /// An index listing `children` (digest and manifest size) in order.
  static func index(repository: String, version: String, children: [(digest: String, size: Int)]) -> Data {
    let entries = children.enumerated().map { offset, child -> GoJSON in
      var platform: [(String, GoJSON)] = [("architecture", .string("unknown")), ("os", .string("unknown"))]
      if offset < platforms.count {
        let chosen = platforms[offset]
        platform = [("architecture", .string(chosen.architecture)), ("os", .string(chosen.os))]
        if let variant = chosen.variant { platform.append(("variant", .string(variant))) }
      }
      return .object([
        ("mediaType", .string(ManifestMediaType.ociManifest)),
        ("digest", .string(child.digest)),
        ("size", .integer(Int64(child.size))),
        ("platform", .object(platform)),
      ])
    }
    let document = GoJSON.object([
      ("schemaVersion", .integer(2)),
      ("mediaType", .string(ManifestMediaType.ociIndex)),
      ("manifests", .array(entries)),
      ("annotations", annotations(repository: repository, version: version)),
    ])
    return Data(document.encoded.utf8)
  }

  private static func annotations(repository: String, version: String) -> GoJSON {
    .object([("org.gitea.fake.synthetic", .string("\(repository):\(version)"))])
  }
}
