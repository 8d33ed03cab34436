/// `GET /v2/token`: swaps Basic credentials (a Gitea access token as the
/// password, or as the user name with an empty password) for a registry
/// bearer token. Without credentials the token is the Ghost user's, good
/// for anonymous pulls of public owners; bad credentials get a 401.
enum TokenEndpoint {
  static func respond(_ exchange: RegistryExchange, signingKey: String) -> ServerResponse {
    let token: RegistryBearerToken
    let issuedAt = GoTimeFormat.unixSeconds(exchange.context.now)
    switch exchange.caller {
    case .refused:
      return exchange.failure(RegistryError.unauthorized.saying("invalid username, password or token"))
    case .nobody, .ghost:
      token = RegistryBearerToken(subject: .ghost, scopes: nil, issuedAt: issuedAt)
    case .user(let user, let scopes):
      token = RegistryBearerToken(subject: .user(id: user.id), scopes: scopes, issuedAt: issuedAt)
    }
    let text = token.encoded(signingKey: signingKey)
    // Keys sorted, as Go writes a map.
    return RegistryResponses.json(
      200,
      .object([
        ("access_token", .string(text)),
        ("expires_in", .integer(RegistryBearerToken.lifetimeSeconds)),
        ("issued_at", .string(GoTimeFormat.rfc3339(unixSeconds: issuedAt, offsetSeconds: 0))),
        ("token", .string(text)),
      ]))
  }
}
