/// One value of a parsed JSON document, together with where it came from.
public struct JSONNode: Sendable {
  /// The value; nested values are nodes themselves.
  public let value: JSONValue
  /// Where the value starts: its first character (`{`, `[`, `"`, a digit, `-`, `t`, `f` or `n`).
  public let location: SourceLocation
  /// How to reach the value from the top of the document.
  public let path: JSONPath

  /// Creates a node; normally only the parser does this.
  public init(value: JSONValue, location: SourceLocation, path: JSONPath) {
    self.value = value
    self.location = location
    self.path = path
  }

  /// An error diagnostic about this value, at its location and path.
  ///
  ///     throw node.error("expected an RFC 3339 date, found \(node.value.kindDescription)")
  public func error(_ message: String) -> Diagnostic {
    Diagnostic(message, at: self)
  }

  /// A warning diagnostic about this value, at its location and path.
  public func warning(_ message: String) -> Diagnostic {
    Diagnostic(message, at: self, severity: .warning)
  }
}
