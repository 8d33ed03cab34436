/// The `/v2` routes, parsed from the decoded path segments. Image names may
/// hold `/`, so a route is recognised by its last segments: `manifests/{ref}`,
/// `blobs/{digest}`, `blobs/uploads`, `blobs/uploads/{id}` or `tags/list`.
enum RegistryRoute: Sendable, Equatable {
  /// `GET /v2/`: the API version check.
  case base
  /// `GET /v2/token`.
  case token
  /// `GET /v2/_catalog`.
  case catalog
  case manifest(RepositoryPath, reference: String)
  case blob(RepositoryPath, digest: String)
  /// `POST /v2/{name}/blobs/uploads/`.
  case uploads(RepositoryPath)
  /// `GET|PATCH|PUT|DELETE /v2/{name}/blobs/uploads/{id}`.
  case upload(RepositoryPath, id: String)
  case tags(RepositoryPath)
  /// Under `/v2` but no route matches.
  case unmatched

  /// The owner and image of a repository route, as written in the path.
  struct RepositoryPath: Sendable, Equatable {
    var owner: String
    /// The image name as sent; may contain `/`.
    var image: String
  }

  /// The route for `segments`, or `nil` when the path is not under `/v2`.
  init?(segments: [String]) {
    guard segments.first == "v2" else { return nil }
    let rest = Array(segments.dropFirst())
    switch rest {
    case []: self = .base
    case ["token"]: self = .token
    case ["_catalog"]: self = .catalog
    default: self = Self.repositoryRoute(rest) ?? .unmatched
    }
  }

  private static func repositoryRoute(_ rest: [String]) -> RegistryRoute? {
    let count = rest.count
    func path(droppingLast suffixLength: Int) -> RepositoryPath? {
      guard count - suffixLength >= 2 else { return nil }
      let name = rest[..<(count - suffixLength)]
      return RepositoryPath(owner: name[name.startIndex], image: name.dropFirst().joined(separator: "/"))
    }
    if count >= 3, rest[count - 3] == "blobs", rest[count - 2] == "uploads", let repository = path(droppingLast: 3) {
      return .upload(repository, id: rest[count - 1])
    }
    guard count >= 2, let repository = path(droppingLast: 2) else { return nil }
    switch (rest[count - 2], rest[count - 1]) {
    case ("blobs", "uploads"): return .uploads(repository)
    case ("blobs", let digest): return .blob(repository, digest: digest)
    case ("manifests", let reference): return .manifest(repository, reference: reference)
    case ("tags", "list"): return .tags(repository)
    default: return nil
    }
  }

  /// Upload sessions are part of pushing: even their `GET` needs write access.
  var isUploadRoute: Bool {
    switch self {
    case .uploads, .upload: true
    default: false
    }
  }

  /// The methods the route answers (HEAD wherever GET is).
  var allowedMethods: [String] {
    switch self {
    case .base, .token, .catalog, .tags: ["GET", "HEAD"]
    case .manifest: ["GET", "HEAD", "PUT", "DELETE"]
    case .blob: ["GET", "HEAD", "DELETE"]
    case .uploads: ["POST"]
    case .upload: ["GET", "PATCH", "PUT", "DELETE"]
    case .unmatched: []
    }
  }
}
