/// A personal access token. The value is the secret sent by clients; it is
/// never written to the journal.
public struct SeedToken: Sendable, Hashable {
  public var value: String
  /// Login of the token's owner (created as a public user if not seeded).
  public var user: String
  /// Scope names as Gitea spells them, e.g. `["read:package"]`,
  /// `["write:package", "public-only"]`, `["all"]`, or 1.19's `delete:package`.
  public var scopes: [String]

  public init(value: String, user: String, scopes: [String]) {
    self.value = value
    self.user = user
    self.scopes = scopes
  }
}
