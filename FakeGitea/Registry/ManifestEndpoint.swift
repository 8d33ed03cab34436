import Foundation

/// `GET|HEAD|PUT|DELETE /v2/{owner}/{image}/manifests/{reference}`, after
/// Gitea's `routers/api/packages/container/manifest.go`.
enum ManifestEndpoint {
  /// Gitea's limit on a pushed manifest (10 MiB).
  static let maximumManifestBytes = 10 * 1024 * 1024

  static func respond(
    _ exchange: RegistryExchange, repository: RegistryRepository, reference: String, store: inout GiteaStore
  ) -> ServerResponse {
    switch exchange.request.method {
    case "PUT": put(exchange, repository: repository, reference: reference, store: &store)
    case "DELETE": delete(exchange, repository: repository, reference: reference, store: &store)
    default: get(exchange, repository: repository, reference: reference, store: store)
    }
  }

  /// Serves the stored media type whatever `Accept` says, as Gitea does
  /// (it never converts); clients such as skopeo accept every type it stores.
  private static func get(
    _ exchange: RegistryExchange, repository: RegistryRepository, reference: String, store: GiteaStore
  ) -> ServerResponse {
    let manifests = exchange.manifests(of: repository, in: store)
    let record: ManifestRecord?
    if OCIReference.isDigest(reference) {
      record = manifests.manifest(withDigest: reference)
    } else if OCIReference.isTag(reference) {
      record = manifests.version(tagged: reference).map { manifests.manifest(of: $0) }
    } else {
      record = nil
    }
    guard let record else { return exchange.failure(RegistryError.manifestUnknown.detailing(reference)) }
    return RegistryResponses.content(record.bytes, contentType: record.mediaType, digest: record.digest)
  }

  /// DELETE by digest removes every version whose manifest has that digest
  /// (Gitea's `GetManifestVersions`); by tag, the one tagged version.
  private static func delete(
    _ exchange: RegistryExchange, repository: RegistryRepository, reference: String, store: inout GiteaStore
  ) -> ServerResponse {
    let manifests = exchange.manifests(of: repository, in: store)
    let doomed: [PackageVersionSnapshot]
    if OCIReference.isDigest(reference) {
      doomed = manifests.versions(withDigest: reference)
    } else if OCIReference.isTag(reference) {
      doomed = manifests.version(tagged: reference).map { [$0] } ?? []
    } else {
      doomed = []
    }
    guard !doomed.isEmpty else { return exchange.failure(RegistryError.manifestUnknown.detailing(reference)) }
    for version in doomed {
      store.deleteVersion(
        owner: repository.owner.login, type: "container", name: repository.image, version: version.version)
    }
    return RegistryResponses.empty(202)
  }

  /// Checks the manifest and what it references, then stores it as the
  /// version named by the reference (a lower-cased tag or `sha256:…`).
  private static func put(
    _ exchange: RegistryExchange, repository: RegistryRepository, reference: String, store: inout GiteaStore
  ) -> ServerResponse {
    let body = exchange.request.body
    let byDigest = OCIReference.isDigest(reference)
    guard byDigest || OCIReference.isTag(reference) else {
      return exchange.failure(RegistryError.manifestInvalid.saying("tag is invalid").detailing(reference))
    }
    guard body.count <= maximumManifestBytes else {
      return exchange.failure(
        RegistryError.manifestInvalid.saying("manifest exceeds the maximum size of 10 MiB").withStatus(413))
    }
    let document: ManifestDocument
    switch ManifestDocument.parse(body, contentType: exchange.request.header("Content-Type")) {
    case .success(let parsed): document = parsed
    case .failure(let error): return exchange.failure(error)
    }
    let digest = ContentHashes.sha256Digest(of: body)
    if byDigest && reference != digest {
      return exchange.failure(
        RegistryError.digestInvalid.saying("the manifest's digest is \(digest), not the one in the path")
          .detailing(reference))
    }

    var children: [String] = []
    var files: [PackageFileContent] = []
    switch document.kind {
    case .image(let config, let layers):
      for descriptor in [config] + layers {
        guard let bytes = exchange.blobs.blob(descriptor.digest, in: repository.key),
          let hashes = exchange.blobs.hashes(of: descriptor.digest, in: repository.key)
        else { return exchange.failure(RegistryError.manifestBlobUnknown.detailing(descriptor.digest)) }
        guard Int64(bytes.count) == descriptor.size else {
          return exchange.failure(
            RegistryError.sizeInvalid.saying(
              "blob \(descriptor.digest) has \(bytes.count) bytes, the manifest says \(descriptor.size)"
            ).detailing(descriptor.digest))
        }
        let name = descriptor.digest.lowercased().replacingOccurrences(of: ":", with: "_")
        if !files.contains(where: { $0.name == name }) {
          files.append(PackageFileContent(name: name, size: Int64(bytes.count), hashes: hashes))
        }
      }
    case .index(let manifests):
      let known = exchange.manifests(of: repository, in: store)
      for child in manifests {
        guard known.manifest(withDigest: child.digest) != nil else {
          return exchange.failure(RegistryError.manifestBlobUnknown.detailing(child.digest))
        }
        children.append(child.digest)
      }
    }

    store.push(
      owner: repository.owner.login, type: "container", name: repository.image, version: reference,
      created: exchange.context.now, children: children,
      manifest: ManifestRecord(mediaType: document.mediaType, bytes: body), creator: exchange.caller.user?.login,
      extraFiles: files)
    return RegistryResponses.empty(
      201,
      headers: [
        HeaderField("Location", "\(repository.routePrefix)/manifests/\(reference)"),
        HeaderField("Docker-Content-Digest", digest),
      ])
  }
}
