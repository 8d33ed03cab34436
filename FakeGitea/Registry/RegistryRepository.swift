/// A repository (`owner/image`) a request may use: the owner exists, the
/// image name is valid, and the caller has the access the method needs.
struct RegistryRepository: Sendable {
  let owner: GiteaUser
  /// The image name, lower-cased as Gitea stores it; may contain `/`.
  let image: String

  /// `owner/image` in lower case: the key of blob links and the tag list's `name`.
  var key: String { "\(owner.lowerLogin)/\(image)" }

  /// The path prefix of the repository's routes, for `Location` headers.
  var routePrefix: String { "/v2/\(key)" }

  /// Checks, in the order of Gitea's middleware: a valid image name, an
  /// existing owner, then the caller's access (`forWrite` for changes).
  static func resolve(
    _ path: RegistryRoute.RepositoryPath, caller: RegistryCaller, forWrite: Bool, store: GiteaStore,
    profile: GiteaProfile
  ) -> Result<RegistryRepository, RegistryError> {
    let image = path.image.lowercased()
    guard OCIReference.isImageName(image) else {
      return .failure(RegistryError.nameInvalid.detailing(path.image))
    }
    guard let owner = store.user(named: path.owner) else {
      return .failure(RegistryError.nameUnknown.saying("user does not exist: \(path.owner)").detailing(path.owner))
    }
    if let refusal = caller.refusal(toAccess: owner, forWrite: forWrite, profile: profile) {
      return .failure(refusal)
    }
    return .success(RegistryRepository(owner: owner, image: image))
  }
}
