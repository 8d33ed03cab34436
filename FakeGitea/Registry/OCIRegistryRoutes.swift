import Foundation

/// The OCI distribution routes of Gitea's container registry (`/v2/…`),
/// served from the fake's store: plug it into
/// ``FakeGiteaConfiguration/routeExtensions``.
///
/// - `GET /v2/` answers 401 with a bearer challenge until the client sends
///   a token from `GET /v2/token`.
/// - Manifests pushed by tag become version `<tag>` (lower-cased), pushed by
///   digest version `sha256:…`; an index records its children's digests.
///   They appear in the REST API like any other version.
/// - Deleting a manifest by digest removes every version with that manifest.
/// - Versions seeded without a manifest get a synthetic one (see
///   ``SyntheticManifest``).
///
/// Blob bytes, blob links and upload sessions are held by this value (the
/// Gitea store has no room for bytes), shared by its copies, and survive
/// ``InMemoryGitea/reset(seed:)``: give each fake its own instance.
///
/// ```swift
/// let gitea = InMemoryGitea(
///   configuration: FakeGiteaConfiguration(routeExtensions: [OCIRegistryRoutes()]), seed: seed)
/// ```
public struct OCIRegistryRoutes: GiteaRouteExtension {
  /// The key bearer tokens are signed with when none is given.
  public static let defaultSigningKey = "fake-gitea-registry"
  /// Blob storage limit when none is given: 512 MiB.
  public static let defaultBlobCapacity = 512 * 1024 * 1024

  private let signingKey: String
  private let blobs: RegistryBlobStore
  private let manifestCache = SyntheticManifestCache()

  /// - Parameters:
  ///   - signingKey: signs the bearer tokens `/v2/token` issues; tokens
  ///     signed with another key are refused.
  ///   - blobCapacity: the most bytes of blobs and unfinished uploads held
  ///     at once; beyond it uploads fail with 507 `DENIED`.
  public init(signingKey: String = OCIRegistryRoutes.defaultSigningKey, blobCapacity: Int = defaultBlobCapacity) {
    self.signingKey = signingKey
    blobs = RegistryBlobStore(capacity: blobCapacity)
  }

  /// Bytes currently held in blobs and unfinished uploads.
  public var heldBlobBytes: Int { blobs.heldBytes }

  /// The blob digests linked to repository `owner/image` (lower-case), sorted.
  public func blobDigests(inRepository repository: String) -> [String] {
    blobs.linkedDigests(in: repository.lowercased())
  }

  /// Answers requests under `/v2`; returns `nil` for every other path.
  public func response(
    to request: ServerRequest, store: inout GiteaStore, context: GiteaRequestContext
  ) -> ServerResponse? {
    guard let segments = context.pathSegments, let route = RegistryRoute(segments: segments) else { return nil }
    let caller = RegistryCaller.identify(request, context: context, store: store, signingKey: signingKey)
    let exchange = RegistryExchange(
      request: request, context: context, caller: caller, blobs: blobs, manifestCache: manifestCache)
    var response = answer(route, exchange: exchange, store: &store)
    if response.headers.value(named: RegistryResponses.apiVersionHeader.name) == nil {
      response.headers.append(RegistryResponses.apiVersionHeader)
    }
    if request.method == "HEAD" && !response.body.isEmpty {
      if response.headers.value(named: "Content-Length") == nil {
        response.headers.append(HeaderField("Content-Length", String(response.body.count)))
      }
      response.body = Data()
    }
    return response
  }

  private func answer(_ route: RegistryRoute, exchange: RegistryExchange, store: inout GiteaStore) -> ServerResponse {
    let method = exchange.request.method
    if route == .unmatched {
      return GiteaResponses.plainNotFound()
    }
    guard route.allowedMethods.contains(method) else {
      var refusal = exchange.failure(RegistryError.unsupported.detailing("\(method) \(exchange.request.rawPath)"))
      refusal.headers.append(HeaderField("Allow", route.allowedMethods.joined(separator: ", ")))
      return refusal
    }
    if route == .token {
      return TokenEndpoint.respond(exchange, signingKey: signingKey)
    }
    guard exchange.caller.isIdentified else { return exchange.failure(.unauthorized) }

    switch route {
    case .base:
      return RegistryResponses.json(200, .object([]))
    case .catalog:
      return CatalogEndpoint.respond(exchange, store: store)
    case .token, .unmatched:
      return GiteaResponses.plainNotFound()
    case .manifest(let path, _), .blob(let path, _), .uploads(let path), .upload(let path, _), .tags(let path):
      let forWrite = !["GET", "HEAD"].contains(method) || route.isUploadRoute
      let repository: RegistryRepository
      switch RegistryRepository.resolve(
        path, caller: exchange.caller, forWrite: forWrite, store: store, profile: exchange.context.profile)
      {
      case .success(let resolved): repository = resolved
      case .failure(let error): return exchange.failure(error)
      }
      switch route {
      case .manifest(_, let reference):
        return ManifestEndpoint.respond(exchange, repository: repository, reference: reference, store: &store)
      case .blob(_, let digest):
        return BlobEndpoint.respond(exchange, repository: repository, digest: digest)
      case .uploads:
        return BlobUploadEndpoint.start(exchange, repository: repository, store: store)
      case .upload(_, let id):
        return BlobUploadEndpoint.respond(exchange, repository: repository, uploadID: id)
      default:
        return TagListEndpoint.respond(exchange, repository: repository, store: store)
      }
    }
  }
}
