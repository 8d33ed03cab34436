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
  /// - Parameters:
  ///   - isHeadRequest: the request was `HEAD`: announce the length but send no body.
  ///   - closing: the server will close after this response; says `Connection: close`.
  ///   - announceKeepAlive: the client is HTTP/1.0 and the connection stays open;
  ///     says `Connection: keep-alive`.
  static func encode(
    _ response: ServerResponse,
    isHeadRequest: Bool,
    closing: Bool,
    announceKeepAlive: Bool = false,
    date: String = HTTPDate.string()
  ) -> [UInt8] {
    let hasNoBody = forbidsBody(response.status)
    var headers = response.headers.map { HeaderField(sanitized($0.name), sanitized($0.value)) }
    // The server decides about the connection and always frames bodies by
    // length, so the handler's say on either is replaced.
    headers.removeAll { ["connection", "transfer-encoding"].contains($0.name.lowercased()) }
    if hasNoBody {
      headers.removeAll { $0.name.lowercased() == "content-length" }
    } else if headers.value(named: "Content-Length") == nil {
      headers.append(HeaderField("Content-Length", String(response.body.count)))
    }
    if headers.value(named: "Date") == nil {
      headers.append(HeaderField("Date", date))
    }
    if closing {
      headers.append(HeaderField("Connection", "close"))
    } else if announceKeepAlive {
      headers.append(HeaderField("Connection", "keep-alive"))
    }

    var text = "HTTP/1.1 \(response.status) \(ServerResponse.reasonPhrase(for: response.status))\r\n"
    for header in headers {
      text += "\(header.name): \(header.value)\r\n"
    }
    text += "\r\n"
    var bytes = Array(text.utf8)
    if !hasNoBody, !isHeadRequest {
      bytes.append(contentsOf: response.body)
    }
    return bytes
  }

  /// 1xx, 204 and 304 responses never carry a body, nor a `Content-Length`.
  static func forbidsBody(_ status: Int) -> Bool {
    (100..<200).contains(status) || status == 204 || status == 304
  }

  /// Whether the handler asked for the connection to be closed.
  static func asksToClose(_ response: ServerResponse) -> Bool {
    response.headers
      .filter { $0.name.lowercased() == "connection" }
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

  /// Header text cannot carry line breaks: they would split the header and
  /// let a handler forge the response framing by accident.
  private static func sanitized(_ text: String) -> String {
    guard text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\0" }) else { return text }
    return String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\0" ? " " : $0 })
  }
}
