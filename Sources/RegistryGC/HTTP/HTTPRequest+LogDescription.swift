import Foundation

extension HTTPRequest {
  /// `GET http://host:port/path?query`, safe to print: headers are never
  /// included, user information is dropped, and the values of query parameters
  /// that look like credentials (`token`, `access_token`, ...) are replaced.
  public var logDescription: String {
    "\(method) \(url.redactedForLogs)"
  }
}

extension URL {
  /// Query parameter names whose values are never printed; matched as
  /// case-insensitive substrings, so `access_token` and `X-Api-Key` count.
  static let sensitiveQueryNameFragments = ["token", "key", "secret", "password", "auth", "sig"]

  /// The URL without user information, with credential-like query values
  /// replaced by `REDACTED`.
  public var redactedForLogs: String {
    guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else {
      return "<unprintable URL>"
    }
    components.user = nil
    components.password = nil
    components.fragment = nil
    if let items = components.percentEncodedQueryItems {
      components.percentEncodedQueryItems = items.map { item in
        let name = item.name.lowercased()
        let isSensitive = Self.sensitiveQueryNameFragments.contains { name.contains($0) }
        return isSensitive ? URLQueryItem(name: item.name, value: "REDACTED") : item
      }
    }
    return components.string ?? "<unprintable URL>"
  }
}
