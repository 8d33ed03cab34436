/// The facts about the probed server's data that a fake needs to answer the
/// same probes the same way. Nothing in here is compared.
public struct ProbeConditions: Sendable, Equatable, Codable {
  /// Whether a token was sent (the probe runs anonymously without one).
  public var authenticated: Bool
  /// The scopes the fake gives its token: what the user said the real token has.
  public var tokenScopes: [String]
  /// `X-Total-Count` of the owner list filtered by the package name, if it answered.
  public var matchingVersions: Int?
  /// `owner.visibility` of the first listed row (`public`, `limited`, `private`), if any.
  public var ownerVisibility: String?

  public init(
    authenticated: Bool, tokenScopes: [String], matchingVersions: Int? = nil, ownerVisibility: String? = nil
  ) {
    self.authenticated = authenticated
    self.tokenScopes = tokenScopes
    self.matchingVersions = matchingVersions
    self.ownerVisibility = ownerVisibility
  }
}
