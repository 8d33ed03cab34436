/// Which requests a fault rule or scheduled event counts.
public struct RequestPattern: Sendable, Hashable {
  /// `GET`, `DELETE`, …; `nil` for any method. Compared ignoring case.
  public var method: String?
  /// A path glob: `*` and `?` within one segment, `**` across segments,
  /// matched against the raw path after slash normalisation
  /// (`/api/v1/packages/*/container/**`).
  public var path: String
  /// Query parameters that must be present; values are wildcard patterns
  /// (`*`, `?`) matched against the decoded first value.
  public var query: [String: String]

  public init(method: String? = nil, path: String = "/**", query: [String: String] = [:]) {
    self.method = method
    self.path = path
    self.query = query
  }

  /// Matches every request.
  public static let anyRequest = RequestPattern()

  func matches(_ request: ServerRequest, path requestPath: RequestPath, query parameters: QueryParameters) -> Bool {
    if let method, method.uppercased() != request.method.uppercased() { return false }
    guard PathGlob(path).matches(segments: requestPath.rawSegments) else { return false }
    for (name, valuePattern) in query {
      guard let value = parameters.first(name), WildcardPattern(pattern: valuePattern).matches(value) else {
        return false
      }
    }
    return true
  }
}
