/// A JSON number, kept as the literal text that appeared in the file.
///
/// Keeping the text means no precision is lost before the reader decides what
/// it wants: `int` accepts only literals written as integers, `double` any number
/// that fits in a `Double`. Two numbers are equal when their text is equal, so
/// `1.0` and `1` differ.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
  /// The literal exactly as written, such as `-12`, `0.5` or `6.02e23`.
  public let text: String

  /// Wraps a literal the parser has already checked against the JSON number grammar.
  init(validatedText text: String) {
    self.text = text
  }

  /// A number holding an integer.
  public init(_ value: Int) {
    self.text = String(value)
  }

  /// Whether the literal is written as an integer: no fraction and no exponent.
  public var isIntegerLiteral: Bool {
    !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
  }

  /// The value as an `Int`, or `nil` when the literal has a fraction or exponent
  /// (even `1.0` or `1e2`) or lies outside `Int`'s range.
  public var int: Int? {
    isIntegerLiteral ? Int(text) : nil
  }

  /// The value as the nearest `Double`, or `nil` when it is too large to be finite (such as `1e400`).
  public var double: Double? {
    guard let value = Double(text), value.isFinite else { return nil }
    return value
  }

  /// The literal text.
  public var description: String { text }
}
