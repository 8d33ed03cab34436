import Foundation

/// Turns a ``ServerResponse`` into the bytes that go on the wire.
enum ResponseEncoder {
  /// The interim answer to `Expect: 100-continue`.
  static let continueInterim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

  /// What `garbageThenClose` sends: bytes no HTTP client can take for a status line.
  static let garbage: [UInt8] = Array("\u{0}\u{1}\u{2}\u{3}NOT-HTTP garbage \u{7F}\r\n\r\n".utf8) + [0xFF, 0xFE, 0xFD]

  /// The head and body of `response`. Adds `Content-Length` (unless the
  /// handler set one), `Date` (unless set) and `Connection` as needed; drops
  /// the handler's `Connection` and `Transfer-Encoding`; never writes a body
  /// (nor a length) for 1xx, 204 and 304.
  ///
  /// The connection thread sends ``head(_:isHeadRequest:closing:announceKeepAlive:date:)``
  /// and the body with one `sendmsg()` instead, so that a large body is not
  /// copied first.
  ///
  /// - Parameters:
  ///   - isHeadRequest: the request was `HEAD`: announce the length but send no body.
  ///   - closing: the server will close after this response; says `Connection: close`.
  ///   - announceKeepAlive: the client is HTTP/1.0 and the connection stays open;
  ///     says `Connection: keep-alive`.
  ///   - date: the `Date` value, unless the handler set one.
  static func encode(
    _ response: ServerResponse,
    isHeadRequest: Bool,
    closing: Bool,
    announceKeepAlive: Bool = false,
    date: @autoclosure () -> String = HTTPDate.string()
  ) -> [UInt8] {
    let sendsBody = carriesBody(response, isHeadRequest: isHeadRequest)
    var bytes = head(
      response, isHeadRequest: isHeadRequest, closing: closing, announceKeepAlive: announceKeepAlive, date: date(),
      extraCapacity: sendsBody ? response.body.count : 0)
    if sendsBody {
      response.body.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
    return bytes
  }

  /// Whether the body of `response` goes on the wire (not for 1xx, 204,
  /// 304, nor in answer to `HEAD`).
  static func carriesBody(_ response: ServerResponse, isHeadRequest: Bool) -> Bool {
    !forbidsBody(response.status) && !isHeadRequest
  }

  /// The status line and headers of `response`, with the empty line that
  /// ends them, as ``encode(_:isHeadRequest:closing:announceKeepAlive:date:)``
  /// writes them.
  ///
  /// Every answer goes through here, so it writes bytes straight into one
  /// buffer and tells the header names it acts on apart by comparing bytes,
  /// without lower-casing any string.
  static func head(
    _ response: ServerResponse,
    isHeadRequest: Bool,
    closing: Bool,
    announceKeepAlive: Bool = false,
    date: @autoclosure () -> String = HTTPDate.string(),
    extraCapacity: Int = 0
  ) -> [UInt8] {
    let hasNoBody = forbidsBody(response.status)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(160 + 48 * response.headers.count + extraCapacity)

    append("HTTP/1.1 ", to: &bytes)
    append(String(response.status), to: &bytes)
    bytes.append(HTTPByte.space)
    append(ServerResponse.reasonPhrase(for: response.status), to: &bytes)
    append("\r\n", to: &bytes)

    // The server decides about the connection and always frames bodies by
    // length, so the handler's say on either is replaced.
    var hasContentLength = false
    var hasDate = false
    var name: [UInt8] = []
    for header in response.headers {
      name.removeAll(keepingCapacity: true)
      appendSanitized(header.name, to: &name)
      switch ServerHeaderName(name) {
      case .connection, .transferEncoding:
        continue
      case .contentLength:
        if hasNoBody { continue }
        hasContentLength = true
      case .date:
        hasDate = true
      case .other:
        break
      }
      bytes.append(contentsOf: name)
      append(": ", to: &bytes)
      appendSanitized(header.value, to: &bytes)
      append("\r\n", to: &bytes)
    }
    if !hasNoBody, !hasContentLength {
      append("Content-Length: ", to: &bytes)
      append(String(response.body.count), to: &bytes)
      append("\r\n", to: &bytes)
    }
    if !hasDate {
      append("Date: ", to: &bytes)
      append(date(), to: &bytes)
      append("\r\n", to: &bytes)
    }
    if closing {
      append("Connection: close\r\n", to: &bytes)
    } else if announceKeepAlive {
      append("Connection: keep-alive\r\n", to: &bytes)
    }
    append("\r\n", to: &bytes)
    return bytes
  }

  /// The header names ``encode(_:isHeadRequest:closing:announceKeepAlive:date:)`` acts on.
  ///
  /// Compared as ASCII without regard to case, which is what comparing the
  /// lower-cased strings gives for these names: the only non-ASCII character
  /// that lower-cases to ASCII is the Kelvin sign (to `k`), in none of them.
  private enum ServerHeaderName {
    case connection, transferEncoding, contentLength, date, other

    init(_ name: [UInt8]) {
      switch name.count {
      case 4 where HTTPByte.equalsIgnoringASCIICase(name, "date"): self = .date
      case 10 where HTTPByte.equalsIgnoringASCIICase(name, "connection"): self = .connection
      case 14 where HTTPByte.equalsIgnoringASCIICase(name, "content-length"): self = .contentLength
      case 17 where HTTPByte.equalsIgnoringASCIICase(name, "transfer-encoding"): self = .transferEncoding
      default: self = .other
      }
    }
  }

  private static func append(_ text: StaticString, to bytes: inout [UInt8]) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  private static func append(_ text: String, to bytes: inout [UInt8]) {
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// 1xx, 204 and 304 responses never carry a body, nor a `Content-Length`.
  static func forbidsBody(_ status: Int) -> Bool {
    (100..<200).contains(status) || status == 204 || status == 304
  }

  /// Whether the handler asked for the connection to be closed.
  static func asksToClose(_ response: ServerResponse) -> Bool {
    response.headers
      .filter { isConnection($0.name) }
      .contains {
        $0.value.lowercased().split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "close" }
      }
  }

  /// The server's own short `text/plain` error answer, always closing.
  static func error(status: Int, reason: String) -> [UInt8] {
    let response = ServerResponse.text(status, reason + "\n", contentType: "text/plain; charset=utf-8")
    return encode(response, isHeadRequest: false, closing: true)
  }

  /// The head of `response` promising its whole body, then only the first
  /// half of that body. An empty body is replaced by a placeholder, so there
  /// is always something missing.
  static func truncated(_ response: ServerResponse, isHeadRequest: Bool) -> [UInt8] {
    var promised = response
    if forbidsBody(promised.status) { promised.status = 200 }
    if promised.body.isEmpty { promised.body = Data(repeating: UInt8(ascii: "x"), count: 64) }
    promised.headers.removeAll { $0.name.lowercased() == "content-length" }
    let head = encode(promised, isHeadRequest: true, closing: false)
    return isHeadRequest ? head : head + promised.body.prefix(promised.body.count / 2)
  }

  /// Whether `name` is `Connection` in any case (see ``ServerHeaderName``
  /// for why comparing ASCII bytes is enough).
  private static func isConnection(_ name: String) -> Bool {
    var name = name
    return name.withUTF8 { utf8 in
      HTTPByte.equalsIgnoringASCIICase(utf8, "connection")
    }
  }

  /// Appends `text`, except that each line break (CR, LF or CRLF) and NUL
  /// becomes one space. Header text cannot carry line breaks: they would
  /// split the header and let a handler forge the response framing by
  /// accident. (CR, LF and NUL always stand alone as characters, CRLF
  /// apart, so bytes give the same result as characters.)
  private static func appendSanitized(_ text: String, to bytes: inout [UInt8]) {
    var text = text
    text.withUTF8 { utf8 in
      guard utf8.contains(where: { $0 == HTTPByte.cr || $0 == HTTPByte.lf || $0 == 0 }) else {
        bytes.append(contentsOf: utf8)
        return
      }
      var index = 0
      while index < utf8.count {
        let byte = utf8[index]
        if byte == HTTPByte.cr || byte == HTTPByte.lf || byte == 0 {
          bytes.append(HTTPByte.space)
          if byte == HTTPByte.cr, index + 1 < utf8.count, utf8[index + 1] == HTTPByte.lf { index += 1 }
        } else {
          bytes.append(byte)
        }
        index += 1
      }
    }
  }
}
