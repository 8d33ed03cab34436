/// A type that can be read from a parsed JSON value, strictly.
///
/// A conforming type throws a `Diagnostic` located at the node when the value
/// does not fit, phrased as "expected X, found Y":
///
///     expected an integer, found a string ("6")
///
/// `String`, `Int`, `Double`, `Bool`, `JSONNode`, arrays of readable elements and
/// string-keyed dictionaries of readable values conform. String enums get a
/// conformance for free by declaring it (see the extension for
/// `RawRepresentable & CaseIterable`).
public protocol JSONReadable {
  /// Reads a value from `json`, or throws a diagnostic at `json` explaining why it does not fit.
  init(json: JSONNode) throws(Diagnostic)
}

extension JSONNode: JSONReadable {
  /// Keeps the node itself, for values the caller interprets on its own.
  public init(json: JSONNode) throws(Diagnostic) {
    self = json
  }
}

extension String: JSONReadable {
  /// Reads a JSON string.
  public init(json: JSONNode) throws(Diagnostic) {
    guard case .string(let value) = json.value else {
      throw json.error("expected a string, found \(json.value.kindDescription)")
    }
    self = value
  }
}

extension Bool: JSONReadable {
  /// Reads `true` or `false`.
  public init(json: JSONNode) throws(Diagnostic) {
    guard case .bool(let value) = json.value else {
      throw json.error("expected true or false, found \(json.value.kindDescription)")
    }
    self = value
  }
}

extension Int: JSONReadable {
  /// Reads a number written as an integer (no fraction, no exponent) that fits in `Int`.
  public init(json: JSONNode) throws(Diagnostic) {
    guard case .number(let number) = json.value else {
      throw json.error("expected an integer, found \(json.value.kindDescription)")
    }
    if let value = number.int {
      self = value
      return
    }
    if number.isIntegerLiteral {
      throw json.error(
        "expected an integer between \(Int.min) and \(Int.max), found \(json.value.kindDescription)"
      )
    }
    if let value = number.double, value.rounded() == value {
      throw json.error(
        "expected an integer written without a fraction or exponent, found \(json.value.kindDescription)"
      )
    }
    throw json.error("expected an integer, found \(json.value.kindDescription)")
  }
}

extension Double: JSONReadable {
  /// Reads any number whose magnitude fits in a `Double`.
  public init(json: JSONNode) throws(Diagnostic) {
    guard case .number(let number) = json.value else {
      throw json.error("expected a number, found \(json.value.kindDescription)")
    }
    guard let value = number.double else {
      throw json.error("expected a number within the range of a double, found \(json.value.kindDescription)")
    }
    self = value
  }
}

extension Array: JSONReadable where Element: JSONReadable {
  /// Reads a JSON array, reading every element as `Element`.
  public init(json: JSONNode) throws(Diagnostic) {
    guard case .array(let elements) = json.value else {
      throw json.error("expected an array, found \(json.value.kindDescription)")
    }
    var values: [Element] = []
    values.reserveCapacity(elements.count)
    for element in elements {
      values.append(try Element(json: element))
    }
    self = values
  }
}

extension Dictionary: JSONReadable where Key == String, Value: JSONReadable {
  /// Reads a JSON object, reading every member's value as `Value`.
  public init(json: JSONNode) throws(Diagnostic) {
    guard case .object(let object) = json.value else {
      throw json.error("expected an object, found \(json.value.kindDescription)")
    }
    var values: [String: Value] = [:]
    values.reserveCapacity(object.count)
    for member in object.members {
      values[member.key] = try Value(json: member.value)
    }
    self = values
  }
}

extension JSONReadable where Self: RawRepresentable & CaseIterable, RawValue == String {
  /// Reads a string that must be one of the raw values, suggesting the closest
  /// one when the string looks like a typo:
  ///
  ///     expected one of "keep", "delete", found "delte"; did you mean "delete"?
  public init(json: JSONNode) throws(Diagnostic) {
    let text = try String(json: json)
    if let value = Self(rawValue: text) {
      self = value
      return
    }
    let options = Self.allCases.map(\.rawValue)
    var message =
      "expected one of \(options.map(JSONStringLiteral.quoted).joined(separator: ", ")), "
      + "found \(JSONStringLiteral.preview(text))"
    if let suggestion = SpellingSuggestion.bestMatch(for: text, among: options) {
      message += "; did you mean \(JSONStringLiteral.quoted(suggestion))?"
    }
    throw json.error(message)
  }
}
