import Foundation

/// A message about an input file, shaped like a compiler diagnostic.
///
/// Its `description` is what a user sees:
///
///     scenarios/policy/x.json:12:7: error: $.server.packages[0].created: expected an RFC 3339 date, found "yesterday"
///
/// Parts that are unknown are left out: with no file the text starts at
/// `line:column`; with no location it reads `file: error: ...`; with no path
/// the message follows the severity directly.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable {
    /// The input cannot be used.
    case error
    /// The input can be used, but probably does not mean what its author intended.
    case warning
    /// Extra information attached to another diagnostic.
    case note
  }

  /// How serious the problem is.
  public var severity: Severity
  /// The file the problem is in, as it should be shown to the user (usually a relative path).
  public var file: String?
  /// Where in the file the problem is.
  public var location: SourceLocation?
  /// Which JSON value the problem concerns.
  public var path: JSONPath?
  /// What is wrong, phrased so the user can fix it.
  public var message: String

  /// Creates a diagnostic; every part except the message is optional.
  public init(
    severity: Severity = .error,
    file: String? = nil,
    location: SourceLocation? = nil,
    path: JSONPath? = nil,
    message: String
  ) {
    self.severity = severity
    self.file = file
    self.location = location
    self.path = path
    self.message = message
  }

  /// Creates a diagnostic about a parsed JSON value, at its location and path.
  public init(_ message: String, at node: JSONNode, severity: Severity = .error) {
    self.init(severity: severity, location: node.location, path: node.path, message: message)
  }

  /// A copy of this diagnostic attributed to `file`.
  ///
  /// Parsers and readers do not know file names; the code that opened the
  /// file calls this on the way out.
  public func inFile(_ file: String) -> Diagnostic {
    var copy = self
    copy.file = file
    return copy
  }

  /// The compiler-style text: `file:line:column: severity: path: message`.
  public var description: String {
    var text = ""
    if let file {
      text += file
      if let location { text += ":\(location.line):\(location.column)" }
      text += ": "
    } else if let location {
      text += "\(location.line):\(location.column): "
    }
    text += "\(severity.rawValue): "
    if let path { text += "\(path): " }
    text += message
    return text
  }
}

extension Diagnostic: LocalizedError {
  /// The same text as `description`, so `localizedDescription` is useful too.
  public var errorDescription: String? { description }
}
