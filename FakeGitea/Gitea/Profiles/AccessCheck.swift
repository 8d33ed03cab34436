/// One step of the middleware chain Gitea runs in front of a packages route.
///
/// A profile lists these in the order its version runs them; the first step
/// that fails decides the status and message, which is how the real server's
/// 401/403/404 precedence comes about (spec §4 "Middleware order").
public enum AccessCheck: String, Sendable, Hashable, CaseIterable {
  /// `reqToken()`: 401 `token is required` unless signed in.
  case requireToken
  /// `reqToken()` on writing routes only (Forgejo 12+): anonymous reads pass.
  case requireTokenForWrites
  /// `tokenRequiresScopes` / `reqToken(scope)`: 403 when a token lacks the
  /// package scope the method needs. Does nothing for anonymous or password logins.
  case checkTokenScope
  /// `UserAssignmentAPI`: 404 `user redirect does not exist [name: …]`.
  case assignOwner
  /// `PackageAssignmentAPI`: 404 when the version (or, in 1.26+, the package)
  /// named in the path does not exist.
  case assignPackage
  /// `reqPackageAccess(read)`: 403 unless the doer may read the owner's packages.
  case requireReadAccess
  /// `checkTokenPublicOnly`: 403 for a `public-only` token on a non-public owner.
  case checkPublicOnlyToken
  /// The route-level `reqPackageAccess(write)` on DELETE.
  case requireWriteAccessForWrites
}
