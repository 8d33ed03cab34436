/// Who a request is from, as Gitea's API auth layer decided.
public struct Authentication: Sendable {
  /// How the doer proved who they are.
  public enum Method: Sendable, Equatable {
    /// No usable credentials.
    case anonymous
    /// A personal access token, from a header, Basic auth or the query string.
    case token(scopes: [String])
    /// A Basic login with the account password (no scope limits).
    case password
  }

  /// The signed-in user, `nil` when anonymous or refused.
  public var user: GiteaUser?
  public var method: Method
  /// Set when the credentials were refused: the 401 message.
  public var failureMessage: String?
  /// A `token` or `access_token` query parameter was present.
  public var sentQueryToken: Bool

  static let anonymous = Authentication(user: nil, method: .anonymous, failureMessage: nil, sentQueryToken: false)

  /// The scopes when signed in with a token; `nil` otherwise.
  var tokenScopes: TokenScopes? {
    if case .token(let scopes) = method { TokenScopes(names: scopes) } else { nil }
  }
}
