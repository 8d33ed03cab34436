/// The status line and header fields of one HTTP/1.x response, and what they
/// say about the body that follows and about the connection.
struct HTTPResponseHead: Sendable, Equatable {
  /// How the body that follows the head is delimited (RFC 9112 §6.3).
  enum Framing: Sendable, Equatable {
    /// No body at all: a reply to HEAD, a 1xx, 204 or 304.
    case none
    /// Exactly this many bytes.
    case contentLength(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
    /// Everything until the server closes the connection.
    case untilClose
  }

  var status: Int
  /// `0` for HTTP/1.0, `1` for HTTP/1.1 (a later 1.x counts as 1.1).
  var minorVersion: Int
  var headers: HTTPHeaders
  var framing: Framing
  /// Whether the connection may carry another request once the body has been
  /// read: HTTP/1.1 unless `Connection: close`, HTTP/1.0 only with
  /// `Connection: keep-alive`, and never when the body runs until close or
  /// the framing was ambiguous.
  var keepsAlive: Bool

  /// An interim answer (`100 Continue`, `103 Early Hints`) that precedes the
  /// real response on the same connection.
  var isInterim: Bool { (100...199).contains(status) && status != 101 }

  /// Parses the lines of a head (the status line first, without line ends and
  /// without the empty line that closes the head).
  ///
  /// - Parameters:
  ///   - requestMethod: the method of the request being answered; a reply to
  ///     `HEAD` never has a body, whatever its headers say.
  ///   - maxBodyBytes: a `Content-Length` above this is refused at once.
  /// - Returns: the head, or why the bytes are not an acceptable response head.
  static func parse(
    lines: [ArraySlice<UInt8>], requestMethod: String, maxBodyBytes: Int
  ) -> Result<HTTPResponseHead, HTTPResponseParser.Malformation> {
    guard let statusLine = lines.first else { return .failure(.init("the response has no status line")) }
    guard let (minorVersion, status) = parseStatusLine(statusLine) else {
      return .failure(.init("the status line is not \"HTTP/1.x NNN reason\""))
    }

    var fields: [HTTPHeaders.Field] = []
    fields.reserveCapacity(lines.count - 1)
    for line in lines.dropFirst() {
      guard let field = parseField(line) else {
        return .failure(.init("a header line is not \"Name: value\""))
      }
      fields.append(field)
    }
    let headers = HTTPHeaders(fields)

    var keepsAlive = minorVersion >= 1
    for value in headers.values(for: "Connection") {
      for token in value.split(separator: ",") {
        let option = token.trimmingSpacesAndTabs().lowercased()
        if option == "close" { keepsAlive = false }
        if option == "keep-alive", minorVersion == 0 { keepsAlive = true }
      }
    }

    let framing: Framing
    switch bodyFraming(status: status, headers: headers, requestMethod: requestMethod) {
    case .success(let found): framing = found
    case .failure(let malformation): return .failure(malformation)
    }
    if case .contentLength(let length) = framing, length > maxBodyBytes {
      return .failure(.init("the body (\(length) bytes announced) is larger than the limit of \(maxBodyBytes) bytes"))
    }
    if framing == .untilClose || status == 101 { keepsAlive = false }
    // Both Content-Length and Transfer-Encoding: the chunked framing wins,
    // but a connection that carried such a message is not trusted again.
    if !headers.values(for: "Transfer-Encoding").isEmpty, headers["Content-Length"] != nil { keepsAlive = false }

    return .success(
      HTTPResponseHead(
        status: status, minorVersion: minorVersion, headers: headers, framing: framing, keepsAlive: keepsAlive))
  }

  /// `HTTP/1.1 204 No Content` → (1, 204). The reason phrase may be empty or absent.
  private static func parseStatusLine(_ line: ArraySlice<UInt8>) -> (minorVersion: Int, status: Int)? {
    let prefix: [UInt8] = Array("HTTP/1.".utf8)
    guard line.count >= 12, line.starts(with: prefix) else { return nil }
    var index = line.startIndex + prefix.count
    let minorDigit = line[index]
    guard minorDigit >= UInt8(ascii: "0"), minorDigit <= UInt8(ascii: "9") else { return nil }
    index += 1
    guard line[index] == UInt8(ascii: " ") else { return nil }
    index += 1
    var status = 0
    for _ in 0..<3 {
      let digit = line[index]
      guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
      status = status * 10 + Int(digit - UInt8(ascii: "0"))
      index += 1
    }
    guard status >= 100 else { return nil }
    if index < line.endIndex, line[index] != UInt8(ascii: " ") { return nil }
    return (minorDigit == UInt8(ascii: "0") ? 0 : 1, status)
  }

  /// `Name: value` with optional spaces or tabs around the value. A name must
  /// be a non-empty token; a continuation line (obsolete folding) is refused.
  private static func parseField(_ line: ArraySlice<UInt8>) -> HTTPHeaders.Field? {
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return nil }
    let name = line[line.startIndex..<colon]
    guard name.allSatisfy(HTTPRequestEncoder.isTokenByte) else { return nil }
    var valueStart = colon + 1
    var valueEnd = line.endIndex
    while valueStart < valueEnd, isSpaceOrTab(line[valueStart]) { valueStart += 1 }
    while valueEnd > valueStart, isSpaceOrTab(line[valueEnd - 1]) { valueEnd -= 1 }
    let value = line[valueStart..<valueEnd]
    guard !value.contains(where: { $0 == 0 || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) else {
      return nil
    }
    return HTTPHeaders.Field(
      name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
  }

  /// RFC 9112 §6.3, as it applies to a client reading a response.
  private static func bodyFraming(
    status: Int, headers: HTTPHeaders, requestMethod: String
  ) -> Result<Framing, HTTPResponseParser.Malformation> {
    if requestMethod.uppercased() == "HEAD" || (100...199).contains(status) || status == 204 || status == 304 {
      return .success(.none)
    }
    let transferEncodings = headers.values(for: "Transfer-Encoding")
    if !transferEncodings.isEmpty {
      let codings = transferEncodings.flatMap { $0.split(separator: ",") }.map {
        $0.trimmingSpacesAndTabs().lowercased()
      }
      // Only a final `chunked` delimits the body; any other coding last means
      // the body runs until the server closes.
      return .success(codings.last == "chunked" ? .chunked : .untilClose)
    }
    let lengths = headers.values(for: "Content-Length")
    guard !lengths.isEmpty else { return .success(.untilClose) }
    var length: Int?
    for value in lengths {
      for item in value.split(separator: ",", omittingEmptySubsequences: false) {
        let text = item.trimmingSpacesAndTabs()
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
          let number = Int(text)
        else {
          return .failure(.init("Content-Length is not a number"))
        }
        if let length, length != number {
          return .failure(.init("the response has conflicting Content-Length values"))
        }
        length = number
      }
    }
    return .success(.contentLength(length ?? 0))
  }

  private static func isSpaceOrTab(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces and tabs.
  func trimmingSpacesAndTabs() -> String {
    var scalars = Substring(self).unicodeScalars[...]
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}
