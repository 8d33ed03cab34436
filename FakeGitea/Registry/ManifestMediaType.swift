import Foundation

/// The manifest media types the registry accepts, OCI and Docker.
enum ManifestMediaType {
  static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
  static let ociIndex = "application/vnd.oci.image.index.v1+json"
  static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
  static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
  static let ociImageConfig = "application/vnd.oci.image.config.v1+json"

  /// An image manifest type (ignoring case, as Gitea compares them).
  static func isImageManifest(_ mediaType: String) -> Bool {
    let lowered = mediaType.lowercased()
    return lowered == ociManifest || lowered == dockerManifest
  }

  /// An image index or manifest list type.
  static func isIndex(_ mediaType: String) -> Bool {
    let lowered = mediaType.lowercased()
    return lowered == ociIndex || lowered == dockerManifestList
  }

  /// Gitea's `isValidMediaType`: anything in the Docker or OCI vendor trees.
  static func isRegistryType(_ mediaType: String) -> Bool {
    mediaType.hasPrefix("application/vnd.docker.") || mediaType.hasPrefix("application/vnd.oci.")
  }

  /// A `Content-Type` value without parameters or surrounding blanks.
  static func bare(_ contentType: String?) -> String {
    guard let contentType else { return "" }
    let withoutParameters = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
    return withoutParameters.trimmingCharacters(in: .whitespaces)
  }
}
