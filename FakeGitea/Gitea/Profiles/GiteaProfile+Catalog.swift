import Foundation

extension GiteaProfile {
  // Each profile is the row before it plus the differences listed in §7 of
  // gitea-packages-api.md. Values marked "estimate" are not established by
  // the spec; they are the fake's best guess and are easy to change here.

  private static let anonymousReadChain: [AccessCheck] = [
    .assignOwner, .assignPackage, .requireReadAccess, .requireWriteAccessForWrites,
  ]
  private static let routeScopeChain: [AccessCheck] = [
    .assignOwner, .assignPackage, .requireReadAccess, .checkTokenScope, .requireToken,
    .requireWriteAccessForWrites,
  ]
  private static let groupScopeChain: [AccessCheck] = [
    .checkTokenScope, .assignOwner, .assignPackage, .requireReadAccess, .checkPublicOnlyToken,
    .requireToken, .requireWriteAccessForWrites,
  ]
  private static let tokenFirstChain: [AccessCheck] = [
    .requireToken, .checkTokenScope, .assignOwner, .assignPackage, .requireReadAccess,
    .checkPublicOnlyToken, .requireWriteAccessForWrites,
  ]
  private static let anonymousReadsWithScopesChain: [AccessCheck] = [
    .checkTokenScope, .assignOwner, .assignPackage, .requireReadAccess, .checkPublicOnlyToken,
    .requireTokenForWrites, .requireWriteAccessForWrites,
  ]
  private static let localeNotFound = "The target couldn't be found."
  private static let unknownUserWithKeyID = "user does not exist [uid: 0, name: {name}, keyid: 0]"
  private static let unknownUser = "user does not exist [uid: 0, name: {name}]"

  /// Gitea 1.17: list, get, delete and files; no token needed; no scopes.
  public static let gitea1_17 = GiteaProfile(
    name: "gitea-1.17",
    serverVersion: "1.17.4",
    flavor: .gitea,
    endpoints: [],
    accessChecks: anonymousReadChain,
    tokenSchemeIsCaseInsensitive: false,
    queryTokensAllowed: true,
    warnsAboutQueryTokens: false,
    invalidCredentials: .ignored,
    tokenScopes: .unscoped,
    scopeMessageStyle: .singleRequiredScope,
    publicOnlyTokens: .notEnforced,
    versionNotFoundMessage: "package does not exist",
    packageNotFoundMessage: nil,
    notFoundMessage: localeNotFound,
    notFoundErrors: .null,
    tieBreak: .unordered,
    includesPackageHTMLURL: false,
    fileSizeKey: "Size",
    userFields: UserFieldSet(loginName: false, sourceID: false, htmlURL: false, pronouns: false),
    repushKeepsIdentity: false
  )

  /// Gitea 1.18: as 1.17; the User object gains `login_name`.
  public static let gitea1_18 = gitea1_17.deriving("gitea-1.18", serverVersion: "1.18.5") {
    $0.userFields.loginName = true
  }

  /// Gitea 1.19: route-level `reqToken(scope)`; DELETE needs `delete:package`.
  public static let gitea1_19 = gitea1_18.deriving("gitea-1.19", serverVersion: "1.19.4") {
    $0.accessChecks = routeScopeChain
    $0.tokenScopes = .legacyWithDeleteScope
    $0.scopeMessageStyle = .singleRequiredScope
  }

  /// Gitea 1.20: `read:package`/`write:package` checked for the whole group
  /// first; bad credentials are refused with 401.
  public static let gitea1_20 = gitea1_19.deriving("gitea-1.20", serverVersion: "1.20.6") {
    $0.accessChecks = groupScopeChain
    $0.tokenScopes = .readWrite
    $0.scopeMessageStyle = .requiredScopeList
    $0.invalidCredentials = .rejected(messageTemplate: unknownUserWithKeyID)
    $0.userFields.htmlURL = true  // estimate
  }

  /// Gitea 1.21: `html_url` on packages; query tokens draw a deprecation warning (1.21.2).
  public static let gitea1_21 = gitea1_20.deriving("gitea-1.21", serverVersion: "1.21.11") {
    $0.includesPackageHTMLURL = true
    $0.warnsAboutQueryTokens = true
  }

  /// Gitea 1.22: ties broken by id ascending; shorter invalid-token message;
  /// `public-only` tokens refused for private owners (1.22.3).
  public static let gitea1_22 = gitea1_21.deriving("gitea-1.22", serverVersion: "1.22.6") {
    $0.tieBreak = .idAscending
    $0.invalidCredentials = .rejected(messageTemplate: unknownUser)
    $0.publicOnlyTokens = .privateOwners
    $0.userFields.sourceID = true
  }

  /// Gitea 1.23.0–1.23.7: scope message names the token's scope; ties still id ascending.
  public static let gitea1_23_7 = gitea1_22.deriving("gitea-1.23.7", serverVersion: "1.23.7") {
    $0.scopeMessageStyle = .requiredAndTokenScope
  }

  /// Gitea 1.23 (latest patch, 1.23.8): ties broken by id descending.
  public static let gitea1_23 = gitea1_23_7.deriving("gitea-1.23", serverVersion: "1.23.8") {
    $0.tieBreak = .idDescending
  }

  /// Gitea 1.24: token required before anything else; list-versions and
  /// latest; prefixed 404 message; lower-case `size`.
  public static let gitea1_24 = gitea1_23.deriving("gitea-1.24", serverVersion: "1.24.6") {
    $0.accessChecks = tokenFirstChain
    $0.endpoints = [.listPackageVersions, .latestVersion]
    $0.versionNotFoundMessage = "GetVersionByNameAndVersion: package does not exist"
    $0.fileSizeKey = "size"
  }

  /// Gitea 1.25.0–1.25.1: case-insensitive `token` scheme, short NotFound
  /// message, and the re-push bug that keeps id and `created_at`.
  public static let gitea1_25_1 = gitea1_24.deriving("gitea-1.25.1", serverVersion: "1.25.1") {
    $0.tokenSchemeIsCaseInsensitive = true
    $0.notFoundMessage = "not found"
    $0.repushKeepsIdentity = true
  }

  /// Gitea 1.25 (1.25.2+): re-push fixed; new invalid-credentials message.
  public static let gitea1_25 = gitea1_25_1.deriving("gitea-1.25", serverVersion: "1.25.2") {
    $0.repushKeepsIdentity = false
    $0.invalidCredentials = .rejected(messageTemplate: "invalid username, password or token")
  }

  /// Gitea 1.26 (1.26.2): whole-package DELETE; the package is looked up
  /// first; `public-only` tokens refused for limited owners too.
  public static let gitea1_26 = gitea1_25.deriving("gitea-1.26", serverVersion: "1.26.2") {
    $0.endpoints.insert(.deletePackage)
    $0.packageNotFoundMessage = "GetPackageByName: package does not exist"
    $0.publicOnlyTokens = .nonPublicOwners
  }

  /// Gitea main (1.27-dev): NotFound body without `errors`.
  public static let giteaMain = gitea1_26.deriving("gitea-main", serverVersion: "1.27.0-dev") {
    $0.notFoundErrors = .omitted
  }

  /// Forgejo 7 (a Gitea 1.22 soft fork): route-level `reqToken`, `Size`,
  /// unprefixed 404s, `html_url`, no list-versions endpoint.
  public static let forgejo7 = gitea1_22.deriving("forgejo-7", serverVersion: "7.0.16+gitea-1.22.0") {
    $0.flavor = .forgejo
    $0.scopeMessageStyle = .requiredScopeList
    $0.publicOnlyTokens = .notEnforced  // estimate
    $0.notFoundErrors = .emptyArray
    $0.userFields.pronouns = true
  }

  /// Forgejo 10: as Forgejo 7 for the packages API.
  public static let forgejo10 = forgejo7.deriving("forgejo-10", serverVersion: "10.0.3+gitea-1.22.0")

  /// Forgejo 11: `reqToken` first, as Gitea 1.24.
  public static let forgejo11 = forgejo10.deriving("forgejo-11", serverVersion: "11.0.5+gitea-1.22.0") {
    $0.accessChecks = tokenFirstChain
  }

  /// Forgejo 12: anonymous reads of visible owners; ties by id descending;
  /// no query-string tokens.
  public static let forgejo12 = forgejo11.deriving("forgejo-12", serverVersion: "12.0.4+gitea-1.22.0") {
    $0.accessChecks = anonymousReadsWithScopesChain
    $0.tieBreak = .idDescending
    $0.queryTokensAllowed = false
    $0.warnsAboutQueryTokens = false
    $0.tokenSchemeIsCaseInsensitive = true  // estimate
  }

  /// The profile used when none is chosen.
  public static let `default` = gitea1_22

  /// Every profile, oldest first within each flavour.
  public static let all: [GiteaProfile] = [
    gitea1_17, gitea1_18, gitea1_19, gitea1_20, gitea1_21, gitea1_22, gitea1_23_7, gitea1_23,
    gitea1_24, gitea1_25_1, gitea1_25, gitea1_26, giteaMain,
    forgejo7, forgejo10, forgejo11, forgejo12,
  ]

  /// The profile called `name`, ignoring case. Also accepts a bare Gitea
  /// version (`1.22`) and Forgejo's `v` spelling (`forgejo-v12`).
  public static func named(_ name: String) -> GiteaProfile? {
    let wanted = name.lowercased()
    let candidates = [wanted, "gitea-" + wanted, wanted.replacingOccurrences(of: "forgejo-v", with: "forgejo-")]
    for candidate in candidates {
      if let profile = all.first(where: { $0.name == candidate }) {
        return profile
      }
    }
    return nil
  }
}
