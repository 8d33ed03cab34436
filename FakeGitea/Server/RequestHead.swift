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

  /// Parses the lines of a head (request line first, without line ends or
  /// the final empty line).
  static func parse(lines: [ArraySlice<UInt8>], maxBodyBytes: Int) -> Result<RequestHead, Rejection> {
    do throws(Rejection) {
      guard let requestLine = lines.first else { throw Rejection(400, "empty request head") }
      let (method, target, minorVersion) = try parseRequestLine(requestLine)
      let headers = try lines.dropFirst().map(parseHeaderLine)
      let framing = try parseFraming(headers, maxBodyBytes: maxBodyBytes)
      try checkHost(headers, minorVersion: minorVersion)

      let connectionOptions = tokens(of: "Connection", in: headers)
      let keepsAlive =
        if connectionOptions.contains("close") {
          false
        } else {
          minorVersion >= 1 || connectionOptions.contains("keep-alive")
        }
      let expectsContinue =
        minorVersion >= 1 && tokens(of: "Expect", in: headers).contains("100-continue")
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
    let parts = line.split(separator: HTTPByte.space, omittingEmptySubsequences: false)
    guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
      throw Rejection(400, "malformed request line; expected 'METHOD TARGET HTTP/1.1'")
    }
    let (method, target, version) = (parts[0], parts[1], parts[2])
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
    let bytes = Array(version)
    let prefix = Array("HTTP/".utf8)
    guard bytes.count > prefix.count, Array(bytes[0..<prefix.count]) == prefix else {
      throw Rejection(400, "malformed HTTP version in request line")
    }
    let major = bytes[prefix.count]
    if major >= UInt8(ascii: "2"), major <= UInt8(ascii: "9") {
      throw Rejection(505, "only HTTP/1.0 and HTTP/1.1 are supported")
    }
    guard bytes.count == prefix.count + 3, major == UInt8(ascii: "1"),
      bytes[prefix.count + 1] == UInt8(ascii: "."), HTTPByte.isDigit(bytes[prefix.count + 2])
    else {
      throw Rejection(400, "unsupported HTTP version; only HTTP/1.0 and HTTP/1.1 are served")
    }
    return min(1, Int(bytes[prefix.count + 2] - UInt8(ascii: "0")))
  }

  // MARK: Header lines

  private static func parseHeaderLine(_ line: ArraySlice<UInt8>) throws(Rejection) -> HeaderField {
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
    return HeaderField(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
  }

  private static func trimmingWhitespace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var slice = bytes
    while let first = slice.first, HTTPByte.isWhitespace(first) { slice = slice.dropFirst() }
    while let last = slice.last, HTTPByte.isWhitespace(last) { slice = slice.dropLast() }
    return slice
  }

  // MARK: Header semantics

  private static func parseFraming(_ headers: [HeaderField], maxBodyBytes: Int) throws(Rejection) -> Framing {
    let lengthValues = headers.filter { $0.name.lowercased() == "content-length" }.map(\.value)
    let transferEncodingValues = headers.filter { $0.name.lowercased() == "transfer-encoding" }.map(\.value)

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

  private static func checkHost(_ headers: [HeaderField], minorVersion: Int) throws(Rejection) {
    let hostCount = headers.count { $0.name.lowercased() == "host" }
    if hostCount > 1 { throw Rejection(400, "more than one Host header") }
    if hostCount == 0, minorVersion >= 1 { throw Rejection(400, "missing Host header (required in HTTP/1.1)") }
  }

  /// The lowercased, comma-separated elements of every field named `name`.
  private static func tokens(of name: String, in headers: [HeaderField]) -> [String] {
    let lowered = name.lowercased()
    return listElements(headers.filter { $0.name.lowercased() == lowered }.map(\.value))
      .map { $0.lowercased() }
  }

  /// Splits list-valued fields on commas, trimming whitespace and dropping
  /// empty elements (RFC 9110 §5.6.1).
  private static func listElements(_ values: [String]) -> [String] {
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
