/// Everything that differs between the Gitea and Forgejo versions the fake
/// imitates, as one table of plain values.
///
/// Handlers read these fields; nothing in the fake compares profile names.
/// The catalogue (`GiteaProfile.all`) is in `GiteaProfile+Catalog.swift`, each
/// entry written as "the previous row plus these differences", after §7 of
/// the packages API spec.
public struct GiteaProfile: Sendable, Hashable {
  /// Catalogue name, e.g. `gitea-1.22` or `forgejo-12`.
  public var name: String
  /// What `GET /api/v1/version` reports, e.g. `1.22.6` or `12.0.4+gitea-1.22.0`.
  public var serverVersion: String
  public var flavor: GiteaFlavor

  // MARK: Routing

  /// Endpoints beyond list, get, delete-version and files.
  public var endpoints: Set<OptionalEndpoint>

  // MARK: Authentication and authorisation

  /// The middleware chain of the packages group, in execution order.
  public var accessChecks: [AccessCheck]
  /// `Token` (any case) is accepted as a scheme as well as `token`. `Bearer`
  /// is case-insensitive in every version.
  public var tokenSchemeIsCaseInsensitive: Bool
  /// `?token=` / `?access_token=` authenticate (they take precedence over the header).
  public var queryTokensAllowed: Bool
  /// Adds `X-Gitea-Warning` when a query token is sent (Gitea 1.21.2+).
  public var warnsAboutQueryTokens: Bool
  public var invalidCredentials: InvalidCredentialPolicy
  public var tokenScopes: TokenScopeModel
  public var scopeMessageStyle: ScopeMessageStyle
  public var publicOnlyTokens: PublicOnlyTokenRule

  // MARK: Lookups and error bodies

  /// 404 message when the version in the path does not exist.
  public var versionNotFoundMessage: String
  /// When set, the package itself is looked up first (Gitea 1.26+) and a
  /// missing package gets this 404 message, on version routes as well as on
  /// list-versions and latest. When `nil`, list-versions of a missing
  /// package answers `200 []`.
  public var packageNotFoundMessage: String?
  /// Message of the generic `NotFound` body (`-/latest` without versions).
  public var notFoundMessage: String
  public var notFoundErrors: NotFoundErrorsField

  // MARK: Listing

  public var tieBreak: TieBreak

  // MARK: JSON shapes

  /// The Package object carries `html_url` (Gitea 1.21+, all Forgejo).
  public var includesPackageHTMLURL: Bool
  /// Key of the file size in `/files`: `Size` (≤1.23, Forgejo) or `size` (1.24+).
  public var fileSizeKey: String
  public var userFields: UserFieldSet

  // MARK: Storage

  /// Re-pushing an existing tag keeps its id and `created_at` (the
  /// 1.25.0–1.25.1 bug) instead of replacing the row.
  public var repushKeepsIdentity: Bool

  public init(
    name: String,
    serverVersion: String,
    flavor: GiteaFlavor,
    endpoints: Set<OptionalEndpoint>,
    accessChecks: [AccessCheck],
    tokenSchemeIsCaseInsensitive: Bool,
    queryTokensAllowed: Bool,
    warnsAboutQueryTokens: Bool,
    invalidCredentials: InvalidCredentialPolicy,
    tokenScopes: TokenScopeModel,
    scopeMessageStyle: ScopeMessageStyle,
    publicOnlyTokens: PublicOnlyTokenRule,
    versionNotFoundMessage: String,
    packageNotFoundMessage: String?,
    notFoundMessage: String,
    notFoundErrors: NotFoundErrorsField,
    tieBreak: TieBreak,
    includesPackageHTMLURL: Bool,
    fileSizeKey: String,
    userFields: UserFieldSet,
    repushKeepsIdentity: Bool
  ) {
    self.name = name
    self.serverVersion = serverVersion
    self.flavor = flavor
    self.endpoints = endpoints
    self.accessChecks = accessChecks
    self.tokenSchemeIsCaseInsensitive = tokenSchemeIsCaseInsensitive
    self.queryTokensAllowed = queryTokensAllowed
    self.warnsAboutQueryTokens = warnsAboutQueryTokens
    self.invalidCredentials = invalidCredentials
    self.tokenScopes = tokenScopes
    self.scopeMessageStyle = scopeMessageStyle
    self.publicOnlyTokens = publicOnlyTokens
    self.versionNotFoundMessage = versionNotFoundMessage
    self.packageNotFoundMessage = packageNotFoundMessage
    self.notFoundMessage = notFoundMessage
    self.notFoundErrors = notFoundErrors
    self.tieBreak = tieBreak
    self.includesPackageHTMLURL = includesPackageHTMLURL
    self.fileSizeKey = fileSizeKey
    self.userFields = userFields
    self.repushKeepsIdentity = repushKeepsIdentity
  }

  /// A copy named `name` reporting `serverVersion`, with `changes` applied.
  public func deriving(
    _ name: String, serverVersion: String, _ changes: (inout GiteaProfile) -> Void = { _ in }
  ) -> GiteaProfile {
    var copy = self
    copy.name = name
    copy.serverVersion = serverVersion
    changes(&copy)
    return copy
  }

  /// Anonymous GET requests can succeed (no `requireToken` step).
  public var allowsAnonymousReads: Bool { !accessChecks.contains(.requireToken) }

  /// The scope a DELETE needs, as the version spells it.
  public var deleteScopeName: String? {
    switch tokenScopes {
    case .unscoped: nil
    case .legacyWithDeleteScope: "delete:package"
    case .readWrite: "write:package"
    }
  }
}
