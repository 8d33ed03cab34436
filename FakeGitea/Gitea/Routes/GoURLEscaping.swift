/// Go's `net/url` escaping, byte for byte, for the two modes Gitea uses in the
/// answers the fake reproduces: `PathEscape` (html_url) and `QueryEscape`
/// (the re-encoded query of `Link` headers).
enum GoURLEscaping {
  /// `url.PathEscape`: keeps unreserved characters and `$&+:=@`.
  static func pathEscape(_ text: String) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    appendPathEscaped(text, to: &output)
    return String(decoding: output, as: UTF8.self)
  }

  /// ``pathEscape(_:)`` written as UTF-8 onto `output`.
  static func appendPathEscaped(_ text: String, to output: inout [UInt8]) {
    append(text, spaceAsPlus: false, to: &output) { byte in
      switch byte {
      case UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: ":"),
        UInt8(ascii: "="), UInt8(ascii: "@"):
        true
      default: false
      }
    }
  }

  /// `url.QueryEscape`: keeps only unreserved characters; a space becomes `+`.
  static func queryEscape(_ text: String) -> String {
    escape(text, spaceAsPlus: true) { _ in false }
  }

  /// `url.Values.Encode`: keys sorted, each pair `key=value`, joined by `&`.
  static func encodeQuery(_ items: [(name: String, value: String)]) -> String {
    var order: [String] = []
    var valuesByName: [String: [String]] = [:]
    for item in items {
      if valuesByName[item.name] == nil {
        order.append(item.name)
      }
      valuesByName[item.name, default: []].append(item.value)
    }
    // Go sorts the keys as byte strings.
    let sortedNames = order.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    var parts: [String] = []
    for name in sortedNames {
      let escapedName = queryEscape(name)
      for value in valuesByName[name] ?? [] {
        parts.append(escapedName + "=" + queryEscape(value))
      }
    }
    return parts.joined(separator: "&")
  }

  private static func escape(_ text: String, spaceAsPlus: Bool, keepsReserved: (UInt8) -> Bool) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    append(text, spaceAsPlus: spaceAsPlus, to: &output, keepsReserved: keepsReserved)
    return String(decoding: output, as: UTF8.self)
  }

  private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

  private static func append(
    _ text: String, spaceAsPlus: Bool, to output: inout [UInt8], keepsReserved: (UInt8) -> Bool
  ) {
    for byte in text.utf8 {
      if isUnreserved(byte) || keepsReserved(byte) {
        output.append(byte)
      } else if byte == UInt8(ascii: " ") && spaceAsPlus {
        output.append(UInt8(ascii: "+"))
      } else {
        output.append(UInt8(ascii: "%"))
        output.append(hexDigits[Int(byte >> 4)])
        output.append(hexDigits[Int(byte & 0x0f)])
      }
    }
  }

  private static func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
      UInt8(ascii: "."), UInt8(ascii: "~"):
      true
    default: false
    }
  }
}
