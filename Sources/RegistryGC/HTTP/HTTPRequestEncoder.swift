import Foundation

/// Writes an ``HTTPRequest`` as the bytes of one HTTP/1.1 request.
///
/// The request line is `METHOD target HTTP/1.1` (the method upper-cased, the
/// target the URL's percent-encoded path and query), then `Host`, the
/// request's own header fields in order, `Content-Length` when there is a
/// body (and, empty, for POST, PUT and PATCH without one), and
/// `Connection: keep-alive`. The transport owns `Host`, `Content-Length`,
/// `Connection` and `Transfer-Encoding`: fields of the request with those
/// names are left out.
enum HTTPRequestEncoder {
  /// Field names the encoder writes itself, lower-cased.
  static let fieldsSetByTransport: Set<String> = ["host", "content-length", "connection", "transfer-encoding"]

  /// Methods whose empty body is still announced with `Content-Length: 0`;
  /// some servers answer 411 without it.
  static let methodsWithBody: Set<String> = ["POST", "PUT", "PATCH"]

  /// - Parameters:
  ///   - request: what to send.
  ///   - target: the request target (see ``SocketEndpoint/requestTarget(of:)``).
  ///   - hostHeader: the value of `Host`.
  ///   - label: names the request in error messages (never with headers).
  /// - Throws: `.other` when the method, the target or a header field could
  ///   not be sent as it is (a line break in a value, say); the message gives
  ///   the field's name, never its value.
  static func encode(
    _ request: HTTPRequest, target: String, hostHeader: String, label: @autoclosure () -> String
  ) throws(TransportError) -> [UInt8] {
    let isUpperCase = !request.method.utf8.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
    let method = isUpperCase ? request.method : request.method.uppercased()
    guard !method.isEmpty, method.utf8.allSatisfy(isTokenByte) else {
      throw TransportError(.other, "\(label()): the method is not an HTTP token")
    }
    guard !target.isEmpty, target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
      throw TransportError(.other, "\(label()): the path holds characters that cannot go on a request line")
    }

    var bytes: [UInt8] = []
    bytes.reserveCapacity(256 + request.body.count)
    func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    func endLine() {
      bytes.append(UInt8(ascii: "\r"))
      bytes.append(UInt8(ascii: "\n"))
    }

    append(method)
    bytes.append(UInt8(ascii: " "))
    append(target)
    append(" HTTP/1.1\r\nHost: ")
    append(hostHeader)
    endLine()
    for field in request.headers.fields {
      guard !field.name.isEmpty, field.name.utf8.allSatisfy(isTokenByte) else {
        throw TransportError(.other, "\(label()): a header name is not an HTTP token")
      }
      guard !isSetByTransport(field.name) else { continue }
      guard !field.value.utf8.contains(where: { $0 == 0 || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") })
      else {
        throw TransportError(.other, "\(label()): the value of header \(field.name) holds a line break")
      }
      append(field.name)
      bytes.append(UInt8(ascii: ":"))
      bytes.append(UInt8(ascii: " "))
      append(field.value)
      endLine()
    }
    if !request.body.isEmpty || methodsWithBody.contains(method) {
      append("Content-Length: \(request.body.count)")
      endLine()
    }
    append("Connection: keep-alive\r\n\r\n")
    request.body.withUnsafeBytes { bytes.append(contentsOf: $0) }
    return bytes
  }

  /// Whether the transport writes the field named `name` itself (compared
  /// without regard to case, and without allocating for other names).
  static func isSetByTransport(_ name: String) -> Bool {
    switch name.utf8.count {
    case 4, 10, 14, 17: fieldsSetByTransport.contains(name.lowercased())
    default: false
    }
  }

  /// RFC 9110 token characters: letters, digits and ``!#$%&'*+-.^_`|~``.
  static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"),
      UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
      UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
      UInt8(ascii: "|"), UInt8(ascii: "~"):
      true
    default:
      false
    }
  }
}
