import Foundation

/// A response body parsed as JSON once, for the normaliser and the runner.
///
/// Foundation's `JSONSerialization` is used rather than the scenario
/// parser: only key names, types, strings and ids are needed, and it is
/// several times faster on the large list answers every profile's fake gives.
struct ParsedBody {
  /// The parsed document (`[String: Any]`, `[Any]`, `String`, `NSNumber`,
  /// `NSNull`), or `nil` when the body is not JSON.
  let json: Any?

  init(_ data: Data) {
    json = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
  }

  /// `object`, `array`, `empty array`, `string`, `number` (booleans too) or `null`.
  ///
  /// Collections are tested first: asking a Swift array whether it is an
  /// `NSNull` bridges the whole array to Foundation first, which is slow.
  static func typeName(_ value: Any) -> String {
    if let array = value as? [Any] { return array.isEmpty ? "empty array" : "array" }
    if value is [String: Any] { return "object" }
    if value is String { return "string" }
    if value is NSNumber { return "number" }
    return "null"
  }
}
