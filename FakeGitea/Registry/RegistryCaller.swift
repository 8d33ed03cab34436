/// Who a `/v2` request is from, after the registry's two auth methods: a
/// bearer token from `/v2/token`, or HTTP Basic with a Gitea access token
/// (or password), as Gitea's container routes accept. Other schemes, such
/// as `token <PAT>`, count as no credentials, as they do in Gitea.
enum RegistryCaller: Sendable {
  /// No credentials at all.
  case nobody
  /// Credentials were sent but are not valid.
  case refused
  /// The Ghost user of an anonymous bearer token.
  case ghost
  /// A signed-in user; `scopes` is `nil` when not limited by a token.
  case user(GiteaUser, scopes: [String]?)

  static func identify(
    _ request: ServerRequest, context: GiteaRequestContext, store: GiteaStore, signingKey: String
  ) -> RegistryCaller {
    guard let header = request.header("Authorization") else { return .nobody }
    let fields = header.split(whereSeparator: \.isWhitespace)
    guard fields.count == 2 else { return .nobody }
    switch fields[0].lowercased() {
    case "bearer":
      let now = GoTimeFormat.unixSeconds(context.now)
      guard let token = RegistryBearerToken.decode(String(fields[1]), signingKey: signingKey, now: now) else {
        return .refused
      }
      switch token.subject {
      case .ghost:
        return .ghost
      case .user(let id):
        guard let user = store.user(id: id) else { return .refused }
        return .user(user, scopes: token.scopes)
      }
    case "basic":
      guard let user = context.authentication.user else { return .refused }
      switch context.authentication.method {
      case .token(let scopes): return .user(user, scopes: scopes)
      case .password, .anonymous: return .user(user, scopes: nil)
      }
    default:
      return .nobody
    }
  }

  /// The signed-in user, `nil` for the Ghost user and the unauthenticated.
  var user: GiteaUser? {
    if case .user(let user, _) = self { user } else { nil }
  }

  /// Whether the caller passed Gitea's `ReqContainerAccess` (a real user or
  /// the Ghost user of an anonymous token).
  var isIdentified: Bool {
    switch self {
    case .nobody, .refused: false
    case .ghost, .user: true
    }
  }

  /// `nil` when the caller may read (`forWrite == false`) or change the
  /// packages of `owner`; otherwise the error to answer with: 401 for
  /// the unauthenticated and the Ghost user, 403 for a signed-in user.
  func refusal(toAccess owner: GiteaUser, forWrite: Bool, profile: GiteaProfile) -> RegistryError? {
    guard case .user(let user, let scopes) = self else {
      if case .ghost = self, !forWrite, AccessMode.of(doer: nil, toPackagesOf: owner) >= .read { return nil }
      return .unauthorized
    }
    if let scopes {
      let tokenScopes = TokenScopes(names: scopes)
      if !tokenScopes.allowsPackages(forWrite: forWrite, model: profile.tokenScopes) {
        return RegistryError.denied.saying(tokenScopes.missingScopeMessage(forWrite: forWrite, profile: profile))
      }
      if tokenScopes.isPublicOnly && (owner.visibility != .public) {
        return RegistryError.denied.saying("token scope is limited to public packages")
      }
    }
    if user.isAdmin { return nil }
    let mode = AccessMode.of(doer: user, toPackagesOf: owner)
    if mode >= (forWrite ? .write : .read) { return nil }
    return RegistryError.denied.saying("user should have specific permission or be a site admin")
  }
}
