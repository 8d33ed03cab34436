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
    let header = request.headerValue(lowercasedName: "authorization")
    var result = Authentication.anonymous
    result.sentQueryToken = queryToken != nil
    // The attempts only read, so the Basic one is made only when the token
    // one decides nothing.
    if let decided = conclusion(of: tokenAttempt(header, queryToken: queryToken, store: store), result) {
      return decided
    }
    return conclusion(of: basicAttempt(header, store: store), result) ?? result
  }

  /// What `attempt` makes of `result`, or nil when the next attempt decides.
  private func conclusion(of attempt: Attempt, _ result: Authentication) -> Authentication? {
    var result = result
    switch attempt {
    case .notApplicable:
      return nil
    case .signedIn(let user, let method):
      result.user = user
      result.method = method
      return result
    case .refused(let name):
      switch profile.invalidCredentials {
      case .ignored:
        return nil
      case .rejected(let template):
        result.failureMessage = template.replacingOccurrences(of: "{name}", with: name)
        return result
      }
    }
  }

  /// `parseToken`: a query token wins over the header; the header must be
  /// exactly two whitespace-separated fields with scheme `token` or `bearer`.
  private func tokenAttempt(_ header: String?, queryToken: String?, store: GiteaStore) -> Attempt {
    if profile.queryTokensAllowed, let queryToken {
      return resolve(token: queryToken, store: store)
    }
    guard let header else { return .notApplicable }
    guard let fields = Self.whitespaceSeparatedPair(header) else { return .notApplicable }
    let scheme = fields.first
    let isToken = scheme == "token" || (profile.tokenSchemeIsCaseInsensitive && scheme.lowercased() == "token")
    guard isToken || scheme.lowercased() == "bearer" else { return .notApplicable }
    return resolve(token: fields.second, store: store)
  }

  /// The two fields of `text` split at runs of white space, or nil when it
  /// has another number of fields. ASCII text is split on bytes (every
  /// request with a token comes through here); in ASCII, the white-space
  /// characters are exactly the bytes 9 to 13 and 32, and CRLF.
  private static func whitespaceSeparatedPair(_ text: String) -> (first: String, second: String)? {
    let fields: [Substring]
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      fields = text.utf8.split(whereSeparator: { $0 == 32 || (9...13).contains($0) }).map { Substring($0) }
    } else {
      fields = text.split(whereSeparator: \.isWhitespace)
    }
    return fields.count == 2 ? (String(fields[0]), String(fields[1])) : nil
  }

  /// `Basic`: an empty or `x-oauth-basic` password means the user name is the
  /// token; otherwise the password is tried as a token, then as a password.
  private func basicAttempt(_ header: String?, store: GiteaStore) -> Attempt {
    guard let header else { return .notApplicable }
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
