/// Which code base a profile imitates.
public enum GiteaFlavor: String, Sendable, Hashable {
  case gitea
  case forgejo
}

/// Endpoints that only some versions have. The owner list, single version,
/// version delete and `/files` exist in every profile.
public enum OptionalEndpoint: String, Sendable, Hashable, CaseIterable {
  /// `GET /packages/{owner}/{type}/{name}` (Gitea 1.24+).
  case listPackageVersions
  /// `GET /packages/{owner}/{type}/{name}/-/latest` (Gitea 1.24+).
  case latestVersion
  /// `DELETE /packages/{owner}/{type}/{name}`, removing the whole package (Gitea 1.26+).
  case deletePackage
}

/// How rows with the same `created_unix` are ordered in list answers.
public enum TieBreak: String, Sendable, Hashable {
  /// No tie-breaker in the SQL (Gitea ≤1.21). The fake picks a fixed order
  /// that is deliberately *not* the id order: package name, then version,
  /// both ascending.
  case unordered
  /// `package_version.id ASC` (Gitea 1.22.0–1.23.7, Forgejo 7–11).
  case idAscending
  /// `package_version.id DESC` (Gitea 1.23.8+, Forgejo 12+).
  case idDescending
}

/// The token scope vocabulary of a version.
public enum TokenScopeModel: String, Sendable, Hashable {
  /// Gitea 1.17–1.18: tokens carry no scopes; every token may do everything.
  case unscoped
  /// Gitea 1.19: `read:package`, `write:package`, `delete:package`, `package`,
  /// `all`. DELETE needs `delete:package` (or `package`/`all`).
  case legacyWithDeleteScope
  /// Gitea 1.20+ and Forgejo: `read:package` / `write:package` (write implies
  /// read), `all`, and the `public-only` modifier.
  case readWrite
}

/// How the 403 for a missing token scope is worded.
public enum ScopeMessageStyle: String, Sendable, Hashable {
  /// 1.19: `token does not have required scope: delete:package`.
  case singleRequiredScope
  /// 1.20–1.22 and Forgejo: `token does not have at least one of required scope(s): [write:package]`.
  case requiredScopeList
  /// 1.23+: `…scope(s), required=[write:package], token scope=read:package`.
  case requiredAndTokenScope
}

/// When a `public-only` token is refused with `token scope is limited to public packages`.
public enum PublicOnlyTokenRule: String, Sendable, Hashable {
  /// Not checked on package routes.
  case notEnforced
  /// Refused for private owners (Gitea 1.22.3+).
  case privateOwners
  /// Refused for limited and private owners (Gitea 1.26.2+).
  case nonPublicOwners
}

/// What the auth layer does with credentials that match no token or password.
public enum InvalidCredentialPolicy: Sendable, Hashable {
  /// Gitea ≤1.19: carry on as an anonymous request.
  case ignored
  /// Gitea 1.20+: 401 with this message. `{name}` is replaced by the Basic
  /// user name when a password login failed, and by nothing for a bad token.
  case rejected(messageTemplate: String)
}

/// What `errors` looks like in the generic `NotFound` body.
public enum NotFoundErrorsField: String, Sendable, Hashable {
  /// `"errors":null` (Gitea ≤1.26 when no error object was passed).
  case null
  /// `"errors":[]` (Forgejo).
  case emptyArray
  /// No `errors` key at all (Gitea main after #38031).
  case omitted
}

/// Optional keys of the User object, which grew over the versions.
public struct UserFieldSet: Sendable, Hashable {
  /// `login_name` (Gitea 1.18+).
  public var loginName: Bool
  /// `source_id` (Gitea 1.22+).
  public var sourceID: Bool
  /// `html_url` (absent in 1.17; the fake adds it from 1.20, an estimate).
  public var htmlURL: Bool
  /// `pronouns` (Forgejo).
  public var pronouns: Bool
  /// The trailing `username` alias of `login` that Gitea's `MarshalJSON` adds.
  public var usernameAlias: Bool

  public init(loginName: Bool, sourceID: Bool, htmlURL: Bool, pronouns: Bool, usernameAlias: Bool = true) {
    self.loginName = loginName
    self.sourceID = sourceID
    self.htmlURL = htmlURL
    self.pronouns = pronouns
    self.usernameAlias = usernameAlias
  }
}
