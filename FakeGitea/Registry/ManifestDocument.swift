import Foundation

/// The parts of a pushed manifest the registry checks: what kind it is and
/// what it references.
struct ManifestDocument: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    /// An image manifest: a config blob and layer blobs.
    case image(config: ContentDescriptor, layers: [ContentDescriptor])
    /// An image index or manifest list: child manifests.
    case index(manifests: [ContentDescriptor])
  }

  /// The media type the version is stored with.
  var mediaType: String
  var kind: Kind

  /// Gitea's `processManifest`: a `Content-Type` in the Docker or OCI trees
  /// wins, otherwise the document's own `mediaType`; the schema version must be 2.
  static func parse(_ bytes: Data, contentType: String?) -> Result<ManifestDocument, RegistryError> {
    guard let object = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] else {
      return .failure(RegistryError.manifestInvalid.saying("manifest is not a JSON object"))
    }
    guard (object["schemaVersion"] as? NSNumber)?.intValue == 2 else {
      return .failure(RegistryError.manifestInvalid.saying("schema version is not supported (only 2 is)"))
    }
    var mediaType = ManifestMediaType.bare(contentType)
    if !ManifestMediaType.isRegistryType(mediaType) {
      mediaType = object["mediaType"] as? String ?? ""
      if !ManifestMediaType.isRegistryType(mediaType) {
        return .failure(
          RegistryError.manifestInvalid.saying(
            "media type not recognized: send an OCI or Docker manifest Content-Type or a mediaType field"))
      }
    }
    if ManifestMediaType.isImageManifest(mediaType) {
      guard let config = descriptor(object["config"]) else {
        return .failure(RegistryError.manifestInvalid.saying("image manifest without a valid config descriptor"))
      }
      let rawLayers = object["layers"] as? [Any] ?? []
      let layers = rawLayers.compactMap(descriptor)
      guard layers.count == rawLayers.count else {
        return .failure(RegistryError.manifestInvalid.saying("image manifest with a malformed layer descriptor"))
      }
      return .success(ManifestDocument(mediaType: mediaType, kind: .image(config: config, layers: layers)))
    }
    if ManifestMediaType.isIndex(mediaType) {
      let rawManifests = object["manifests"] as? [Any] ?? []
      let manifests = rawManifests.compactMap(descriptor)
      guard manifests.count == rawManifests.count else {
        return .failure(RegistryError.manifestInvalid.saying("index with a malformed manifest descriptor"))
      }
      if let child = manifests.first(where: { !ManifestMediaType.isImageManifest($0.mediaType) }) {
        return .failure(
          RegistryError.manifestInvalid.saying("index entries must be image manifests, not \(child.mediaType)")
            .detailing(child.digest))
      }
      return .success(ManifestDocument(mediaType: mediaType, kind: .index(manifests: manifests)))
    }
    return .failure(RegistryError.manifestInvalid.saying("unsupported manifest media type \(mediaType)"))
  }

  private static func descriptor(_ value: Any?) -> ContentDescriptor? {
    guard let object = value as? [String: Any], let digest = object["digest"] as? String,
      OCIReference.isDigest(digest), let size = (object["size"] as? NSNumber)?.int64Value
    else { return nil }
    return ContentDescriptor(mediaType: object["mediaType"] as? String ?? "", digest: digest, size: size)
  }
}
