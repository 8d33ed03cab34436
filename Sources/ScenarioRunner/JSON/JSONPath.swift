import RegistryGC

/// The position of a value inside a JSON document, written the way JSONPath does:
/// `$`, `$.server.packages[0].versions[3].created`, `$.env["MY VAR"]`.
///
/// Keys that are plain identifiers (ASCII letters, digits and `_`, not starting
/// with a digit) use dot notation; every other key is written as a quoted,
/// escaped JSON string in brackets.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
  /// One step from a container into one of its children.
  public enum Component: Sendable, Hashable {
    /// A member of an object.
    case key(String)
    /// An element of an array, counted from 0.
    case index(Int)
  }

  /// The steps from the document's top-level value, outermost first.
  public var components: [Component]

  /// Creates a path from its steps.
  public init(_ components: [Component] = []) {
    self.components = components
  }

  /// The top-level value of the document, `$`.
  public static let root = JSONPath()

  /// This path extended by one step.
  public func appending(_ component: Component) -> JSONPath {
    var copy = self
    copy.components.append(component)
    return copy
  }

  /// This path extended into the object member named `key`.
  public func appending(key: String) -> JSONPath { appending(.key(key)) }

  /// This path extended into the array element at `index`.
  public func appending(index: Int) -> JSONPath { appending(.index(index)) }

  /// Whether this is the path of the top-level value.
  public var isRoot: Bool { components.isEmpty }

  /// The path as text, starting with `$`.
  public var description: String {
    var text = "$"
    for component in components {
      switch component {
      case .key(let key) where Self.isIdentifier(key):
        text += ".\(key)"
      case .key(let key):
        text += "[\(JSONStringLiteral.quoted(key))]"
      case .index(let index):
        text += "[\(index)]"
      }
    }
    return text
  }

  private static func isIdentifier(_ key: String) -> Bool {
    guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
      return false
    }
    return key.utf8.allSatisfy(\.isASCIIWordByte)
  }
}
