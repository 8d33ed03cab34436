/// A parsed request line and header section, with what they say about the
/// body and the connection.
struct RequestHead: Sendable, Equatable {
  enum Framing: Sendable, Equatable {
    case none
    case contentLength(Int)
    case chunked
  }

  /// Why a head was refused, and the status to answer with.
  struct Rejection: Error, Equatable {
    let status: Int
    let reason: String

    init(_ status: Int, _ reason: String) {
      self.status = status
      self.reason = reason
    }
  }

  var method: String
  var target: String
  var minorVersion: Int
  var headers: [HeaderField]
  var framing: Framing
  var keepsAlive: Bool
  var expectsContinue: Bool

  /// The values of the few fields the server itself reads, in the order
  /// they came, gathered while the header lines are parsed. Names are
  /// compared byte by byte, ignoring ASCII case (a field name is all ASCII),
  /// so no name is lower-cased per request.
  private struct FieldsOfInterest {
    var contentLength: [String] = []
    var transferEncoding: [String] = []
    var connection: [String] = []
    var expect: [String] = []
    var hostCount = 0

    mutating func note(name: ArraySlice<UInt8>, value: String) {
      // The length tells most names apart before any byte is compared.
      switch name.count {
      case 4 where HTTPByte.equalsIgnoringASCIICase(name, "host"):
        hostCount += 1
      case 6 where HTTPByte.equalsIgnoringASCIICase(name, "expect"):
        expect.append(value)
      case 10 where HTTPByte.equalsIgnoringASCIICase(name, "connection"):
        connection.append(value)
      case 14 where HTTPByte.equalsIgnoringASCIICase(name, "content-length"):
        contentLength.append(value)
      case 17 where HTTPByte.equalsIgnoringASCIICase(name, "transfer-encoding"):
        transferEncoding.append(value)
      default:
        break
      }
    }
  }

  /// Parses the lines of a head (request line first, without line ends or
  /// the final empty line).
  static func parse(lines: [ArraySlice<UInt8>], maxBodyBytes: Int) -> Result<RequestHead, Rejection> {
    do throws(Rejection) {
      guard let requestLine = lines.first else { throw Rejection(400, "empty request head") }
      let (method, target, minorVersion) = try parseRequestLine(requestLine)
      var headers: [HeaderField] = []
      headers.reserveCapacity(lines.count - 1)
      var fields = FieldsOfInterest()
      for line in lines.dropFirst() {
        let (name, value) = try parseHeaderLine(line)
        let field = HeaderField(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        fields.note(name: name, value: field.value)
        headers.append(field)
      }
      let framing = try parseFraming(fields, maxBodyBytes: maxBodyBytes)
      try checkHost(count: fields.hostCount, minorVersion: minorVersion)

      let connectionOptions = listElements(fields.connection).map { $0.lowercased() }
      let keepsAlive =
        if connectionOptions.contains("close") {
          false
        } else {
          minorVersion >= 1 || connectionOptions.contains("keep-alive")
        }
      let expectsContinue =
        minorVersion >= 1 && listElements(fields.expect).map { $0.lowercased() }.contains("100-continue")
      return .success(
        RequestHead(
          method: method, target: target, minorVersion: minorVersion, headers: headers,
          framing: framing, keepsAlive: keepsAlive, expectsContinue: expectsContinue))
    } catch {
      return .failure(error)
    }
  }

  // MARK: Request line

  private static func parseRequestLine(
    _ line: ArraySlice<UInt8>
  ) throws(Rejection) -> (method: String, target: String, minorVersion: Int) {
    // Exactly two spaces, each part non-empty.
    guard let firstSpace = line.firstIndex(of: HTTPByte.space),
      let secondSpace = line[(firstSpace + 1)...].firstIndex(of: HTTPByte.space),
      !line[(secondSpace + 1)...].contains(HTTPByte.space),
      firstSpace > line.startIndex, secondSpace > firstSpace + 1, secondSpace + 1 < line.endIndex
    else {
      throw Rejection(400, "malformed request line; expected 'METHOD TARGET HTTP/1.1'")
    }
    let method = line[..<firstSpace]
    let target = line[(firstSpace + 1)..<secondSpace]
    let version = line[(secondSpace + 1)...]
    guard method.allSatisfy(HTTPByte.isTokenCharacter) else {
      throw Rejection(400, "invalid character in request method")
    }
    guard target.allSatisfy(HTTPByte.isVisibleASCII) else {
      throw Rejection(400, "invalid character in request target")
    }
    return (String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self), try parseVersion(version))
  }

  /// Accepts `HTTP/1.x` (a minor version above 1 is served as 1.1).
  private static func parseVersion(_ version: ArraySlice<UInt8>) throws(Rejection) -> Int {
    let prefix: StaticString = "HTTP/"
    let prefixCount = prefix.utf8CodeUnitCount
    guard version.count > prefixCount,
      version.prefix(prefixCount).elementsEqual(
        UnsafeBufferPointer(start: prefix.utf8Start, count: prefixCount))
    else {
      throw Rejection(400, "malformed HTTP version in request line")
    }
    let start = version.startIndex + prefixCount
    let major = version[start]
    if major >= UInt8(ascii: "2"), major <= UInt8(ascii: "9") {
      throw Rejection(505, "only HTTP/1.0 and HTTP/1.1 are supported")
    }
    guard version.count == prefixCount + 3, major == UInt8(ascii: "1"),
      version[start + 1] == UInt8(ascii: "."), HTTPByte.isDigit(version[start + 2])
    else {
      throw Rejection(400, "unsupported HTTP version; only HTTP/1.0 and HTTP/1.1 are served")
    }
    return min(1, Int(version[start + 2] - UInt8(ascii: "0")))
  }

  // MARK: Header lines

  /// The name and the trimmed value of a header line.
  private static func parseHeaderLine(
    _ line: ArraySlice<UInt8>
  ) throws(Rejection) -> (name: ArraySlice<UInt8>, value: ArraySlice<UInt8>) {
    guard let first = line.first else { throw Rejection(400, "empty header line") }
    if HTTPByte.isWhitespace(first) {
      throw Rejection(400, "obsolete line folding in header section")
    }
    guard let colon = line.firstIndex(of: HTTPByte.colon) else {
      throw Rejection(400, "header line without a colon")
    }
    let name = line[line.startIndex..<colon]
    guard let lastNameByte = name.last else { throw Rejection(400, "header line with an empty name") }
    if HTTPByte.isWhitespace(lastNameByte) {
      throw Rejection(400, "whitespace between header name and colon")
    }
    guard name.allSatisfy(HTTPByte.isTokenCharacter) else {
      throw Rejection(400, "invalid character in header name")
    }
    let value = trimmingWhitespace(line[(colon + 1)...])
    guard value.allSatisfy(HTTPByte.isFieldValueCharacter) else {
      throw Rejection(400, "control character in header value")
    }
    return (name, value)
  }

  /// `bytes` without the spaces and tabs at either end.
  private static func trimmingWhitespace<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, HTTPByte.isWhitespace(bytes[start]) { bytes.formIndex(after: &start) }
    while end > start, HTTPByte.isWhitespace(bytes[bytes.index(before: end)]) { bytes.formIndex(before: &end) }
    return bytes[start..<end]
  }

  // MARK: Header semantics

  private static func parseFraming(_ fields: FieldsOfInterest, maxBodyBytes: Int) throws(Rejection) -> Framing {
    let lengthValues = fields.contentLength
    let transferEncodingValues = fields.transferEncoding

    if !transferEncodingValues.isEmpty {
      guard lengthValues.isEmpty else {
        throw Rejection(400, "both Content-Length and Transfer-Encoding are present")
      }
      let codings = listElements(transferEncodingValues).map { $0.lowercased() }
      guard !codings.isEmpty else { throw Rejection(400, "empty Transfer-Encoding header") }
      guard codings == ["chunked"] else {
        throw Rejection(
          501, "unsupported Transfer-Encoding '\(codings.joined(separator: ", "))'; only chunked is served")
      }
      return .chunked
    }

    guard !lengthValues.isEmpty else { return .none }
    let lengths = listElements(lengthValues)
    guard !lengths.isEmpty, lengths.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(HTTPByte.isDigit) }) else {
      throw Rejection(400, "invalid Content-Length; expected a non-negative decimal number")
    }
    guard Set(lengths).count == 1, let text = lengths.first else {
      throw Rejection(400, "conflicting Content-Length values")
    }
    let significant = text.drop { $0 == "0" }
    guard significant.count <= 18, let length = Int(significant.isEmpty ? "0" : significant),
      length <= maxBodyBytes
    else {
      throw Rejection(413, "request body is larger than \(maxBodyBytes) bytes")
    }
    return length == 0 ? .none : .contentLength(length)
  }

  private static func checkHost(count hostCount: Int, minorVersion: Int) throws(Rejection) {
    if hostCount > 1 { throw Rejection(400, "more than one Host header") }
    if hostCount == 0, minorVersion >= 1 { throw Rejection(400, "missing Host header (required in HTTP/1.1)") }
  }

  /// Splits list-valued fields on commas, trimming whitespace and dropping
  /// empty elements (RFC 9110 §5.6.1).
  private static func listElements(_ values: [String]) -> [String] {
    if values.isEmpty { return [] }
    if values.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
      // ASCII, the usual case: the same split on bytes (CRLF, the one
      // character of two bytes, is neither a comma nor blank).
      return values.flatMap { value in
        value.utf8.split(separator: UInt8(ascii: ",")).compactMap { element -> String? in
          let trimmed = trimmingWhitespace(element)
          return trimmed.isEmpty ? nil : String(Substring(trimmed))
        }
      }
    }
    let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    return values.flatMap { value in
      value.split(separator: ",").map { element in
        let leading = element.drop(while: isWhitespace)
        let end = leading.lastIndex { !isWhitespace($0) }.map { leading.index(after: $0) } ?? leading.startIndex
        return String(leading[..<end])
      }
    }.filter { !$0.isEmpty }
  }
}
