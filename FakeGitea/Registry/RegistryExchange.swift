import Foundation

/// One registry request with what every endpoint needs to answer it.
struct RegistryExchange {
  let request: ServerRequest
  let context: GiteaRequestContext
  let caller: RegistryCaller
  let blobs: RegistryBlobStore
  let manifestCache: SyntheticManifestCache

  /// The distribution error response (with the bearer challenge on 401).
  func failure(_ error: RegistryError) -> ServerResponse {
    RegistryResponses.error(error, rootURL: context.rootURL)
  }

  /// The manifests of `repository` as they stand in `store`.
  func manifests(of repository: RegistryRepository, in store: GiteaStore) -> RepositoryManifests {
    RepositoryManifests(
      snapshot: store.packageSnapshot(owner: repository.owner.login, type: "container", name: repository.image),
      repository: repository.key, cache: manifestCache)
  }

  /// A query parameter, trimmed, or `nil` when absent or blank (Gitea's `FormTrim`).
  func query(_ name: String) -> String? {
    guard let value = request.queryValue(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
      return nil
    }
    return value
  }
}
