/// The content of one JSON value. Children are `JSONNode`s, so every nested
/// value keeps its own location and path.
public enum JSONValue: Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number, kept as its literal text.
  case number(JSONNumber)
  /// A string with all escapes resolved.
  case string(String)
  /// An array, elements in order.
  case array([JSONNode])
  /// An object, members in the order they were written.
  case object(JSONObject)

  /// Whether this is `null`.
  public var isNull: Bool {
    if case .null = self { true } else { false }
  }

  /// The boolean, if this is one.
  public var boolValue: Bool? {
    if case .bool(let value) = self { value } else { nil }
  }

  /// The number, if this is one.
  public var numberValue: JSONNumber? {
    if case .number(let value) = self { value } else { nil }
  }

  /// The string, if this is one.
  public var stringValue: String? {
    if case .string(let value) = self { value } else { nil }
  }

  /// The elements, if this is an array.
  public var arrayValue: [JSONNode]? {
    if case .array(let value) = self { value } else { nil }
  }

  /// The object, if this is one.
  public var objectValue: JSONObject? {
    if case .object(let value) = self { value } else { nil }
  }

  /// A short phrase naming what this value is, for "expected X, found Y" messages:
  /// `null`, `a boolean (true)`, `a number (6.5)`, `a string ("6")`, `an array`,
  /// `an empty array`, `an object`, `an empty object`. Long strings are shortened.
  public var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool(let value): "a boolean (\(value))"
    case .number(let value): "a number (\(value.text))"
    case .string(let value): "a string (\(JSONStringLiteral.preview(value)))"
    case .array(let elements): elements.isEmpty ? "an empty array" : "an array"
    case .object(let object): object.isEmpty ? "an empty object" : "an object"
    }
  }
}
