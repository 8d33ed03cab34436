import Foundation

/// Gitea's API auth group (`OAuth2` token parsing, then `Basic`), with the
/// scheme spellings, query-token rules and failure policy of a profile.
struct Authenticator {
  let profile: GiteaProfile

  private enum Attempt {
    case notApplicable
    case signedIn(GiteaUser, Authentication.Method)
    case refused(name: String)
  }

  func authenticate(_ request: ServerRequest, query: QueryParameters, store: GiteaStore) -> Authentication {
    let queryToken = nonEmpty(query.first("token")) ?? nonEmpty(query.first("access_token"))
    var result = Authentication.anonymous
    result.sentQueryToken = queryToken != nil
    for attempt in [tokenAttempt(request, queryToken: queryToken, store: store), basicAttempt(request, store: store)] {
      switch attempt {
      case .notApplicable:
        continue
      case .signedIn(let user, let method):
        result.user = user
        result.method = method
        return result
      case .refused(let name):
        switch profile.invalidCredentials {
        case .ignored:
          continue
        case .rejected(let template):
          result.failureMessage = template.replacingOccurrences(of: "{name}", with: name)
          return result
        }
      }
    }
    return result
  }

  /// `parseToken`: a query token wins over the header; the header must be
  /// exactly two whitespace-separated fields with scheme `token` or `bearer`.
  private func tokenAttempt(_ request: ServerRequest, queryToken: String?, store: GiteaStore) -> Attempt {
    if profile.queryTokensAllowed, let queryToken {
      return resolve(token: queryToken, store: store)
    }
    guard let header = request.header("Authorization") else { return .notApplicable }
    let fields = header.split(whereSeparator: \.isWhitespace)
    guard fields.count == 2 else { return .notApplicable }
    let scheme = String(fields[0])
    let isToken = scheme == "token" || (profile.tokenSchemeIsCaseInsensitive && scheme.lowercased() == "token")
    guard isToken || scheme.lowercased() == "bearer" else { return .notApplicable }
    return resolve(token: String(fields[1]), store: store)
  }

  /// `Basic`: an empty or `x-oauth-basic` password means the user name is the
  /// token; otherwise the password is tried as a token, then as a password.
  private func basicAttempt(_ request: ServerRequest, store: GiteaStore) -> Attempt {
    guard let header = request.header("Authorization") else { return .notApplicable }
    let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].lowercased() == "basic",
      let decoded = Data(base64Encoded: String(parts[1])),
      let credentials = String(data: decoded, encoding: .utf8)
    else { return .notApplicable }
    let userName: String
    let secret: String
    if let colon = credentials.firstIndex(of: ":") {
      userName = String(credentials[..<colon])
      secret = String(credentials[credentials.index(after: colon)...])
    } else {
      userName = credentials
      secret = ""
    }
    let tokenCandidate = (secret.isEmpty || secret == "x-oauth-basic") ? userName : secret
    if let (user, scopes) = store.token(tokenCandidate) {
      return .signedIn(user, .token(scopes: scopes))
    }
    if !secret.isEmpty, let user = store.user(named: userName), let password = user.password, password == secret {
      return .signedIn(user, .password)
    }
    return .refused(name: userName)
  }

  private func resolve(token: String, store: GiteaStore) -> Attempt {
    if let (user, scopes) = store.token(token) {
      return .signedIn(user, .token(scopes: scopes))
    }
    return .refused(name: "")
  }

  private func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
  }
}
