extension ServerRequest {
  /// ``header(_:)`` for a name given in lower-case ASCII, without lower-casing
  /// the name of every header of the request (it is asked several times per
  /// request). An ASCII name is compared byte by byte, ignoring ASCII case,
  /// which is what comparing the lower-cased strings gives; any other name is
  /// lower-cased and compared as before.
  func headerValue(lowercasedName: StaticString) -> String? {
    for header in headers {
      var name = header.name
      let matches = name.withUTF8 { utf8 in
        utf8.contains(where: { $0 >= 0x80 })
          ? header.name.lowercased() == lowercasedName.description
          : HTTPByte.equalsIgnoringASCIICase(utf8, lowercasedName)
      }
      if matches { return header.value }
    }
    return nil
  }
}
