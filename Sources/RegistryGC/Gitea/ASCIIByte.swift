extension UInt8 {
  /// An ASCII letter, digit or `_`: the bytes of a word in image tags,
  /// JSONPath keys and the scenario reader's literals.
  package var isASCIIWordByte: Bool {
    switch self {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
      true
    default:
      false
    }
  }
}
