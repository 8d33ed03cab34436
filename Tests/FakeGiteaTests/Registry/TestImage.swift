import Foundation

@testable import FakeGitea

/// A small multi-platform OCI image built by hand: per platform a config
/// and a gzip layer (an empty tar archive of a distinct length), an image
/// manifest, and an index over the platforms. The layers are already
/// compressed so that clients such as skopeo push every byte unchanged.
struct TestImage {
  struct Platform {
    let architecture: String
    let config: Data
    let layer: Data
    let manifest: Data

    var blobs: [Data] { [config, layer] }
    var manifestDigest: String { ContentHashes.sha256Digest(of: manifest) }
  }

  let platforms: [Platform]
  let index: Data

  var indexDigest: String { ContentHashes.sha256Digest(of: index) }

  init(architectures: [String] = ["amd64", "arm64"], label: String = "test") {
    platforms = architectures.enumerated().map { offset, architecture in
      // A tar archive ends with two zero blocks; extra zero blocks are padding.
      let tar = Data(count: 1024 + 512 * offset)
      let layer = StoredGzip.wrap(tar)
      let config = Data(
        """
        {"architecture":"\(architecture)","os":"linux","config":{"Labels":{"test":"\(label)"}},\
        "rootfs":{"type":"layers","diff_ids":["\(ContentHashes.sha256Digest(of: tar))"]}}
        """.utf8)
      let manifest = Data(
        """
        {"schemaVersion":2,"mediaType":"\(ManifestMediaType.ociManifest)",\
        "config":{"mediaType":"application/vnd.oci.image.config.v1+json",\
        "digest":"\(ContentHashes.sha256Digest(of: config))","size":\(config.count)},\
        "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip",\
        "digest":"\(ContentHashes.sha256Digest(of: layer))","size":\(layer.count)}]}
        """.utf8)
      return Platform(architecture: architecture, config: config, layer: layer, manifest: manifest)
    }
    let entries = platforms.map { platform in
      """
      {"mediaType":"\(ManifestMediaType.ociManifest)","digest":"\(platform.manifestDigest)",\
      "size":\(platform.manifest.count),"platform":{"architecture":"\(platform.architecture)","os":"linux"}}
      """
    }
    index = Data(
      """
      {"schemaVersion":2,"mediaType":"\(ManifestMediaType.ociIndex)","manifests":[\(entries.joined(separator: ","))]}
      """.utf8)
  }

  /// Writes the image as an OCI image layout in `directory`, with the index
  /// named `tag` in `index.json`.
  func writeLayout(to directory: URL, tag: String) throws {
    let blobDirectory = directory.appendingPathComponent("blobs/sha256", isDirectory: true)
    try FileManager.default.createDirectory(at: blobDirectory, withIntermediateDirectories: true)
    var blobs = platforms.flatMap { $0.blobs + [$0.manifest] }
    blobs.append(index)
    for blob in blobs {
      let hex = String(ContentHashes.sha256Digest(of: blob).dropFirst("sha256:".count))
      try blob.write(to: blobDirectory.appendingPathComponent(hex))
    }
    try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: directory.appendingPathComponent("oci-layout"))
    let layoutIndex = """
      {"schemaVersion":2,"manifests":[{"mediaType":"\(ManifestMediaType.ociIndex)",\
      "digest":"\(indexDigest)","size":\(index.count),\
      "annotations":{"org.opencontainers.image.ref.name":"\(tag)"}}]}
      """
    try Data(layoutIndex.utf8).write(to: directory.appendingPathComponent("index.json"))
  }
}
