import FakeGitea
import Foundation
import Glibc

/// A minimal blocking HTTP client over a raw TCP socket, for seeing exactly
/// what the server puts on the wire (and how it closes).
final class RawHTTPClient {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// One response as read off the socket.
  struct Response {
    var status: Int
    var reason: String
    var headers: [HeaderField]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.value(named: name) }
    var text: String { String(decoding: body, as: UTF8.self) }
  }

  /// How reading to the end of the stream finished.
  enum StreamEnd: Equatable {
    /// An orderly close (FIN).
    case closed
    /// Connection reset (RST).
    case reset
    /// Nothing more arrived within the timeout; the connection is still open.
    case timedOut
  }

  private let fd: Int32
  /// Bytes read but not yet returned.
  private var pending: [UInt8] = []

  /// Connects to `address:port`; throws if the connection is refused.
  init(port: UInt16, address: String = "127.0.0.1") throws {
    let result = Self.connect(port: port, address: address)
    guard result.errorNumber == 0 else {
      throw Failure(description: "connect to \(address):\(port) failed: errno \(result.errorNumber)")
    }
    fd = result.fd
  }

  deinit { close(fd) }

  /// Tries to connect; returns the socket and 0, or -1 and the errno.
  static func connect(port: UInt16, address: String) -> (fd: Int32, errorNumber: Int32) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return (-1, errno) }
    var target = sockaddr_in()
    target.sin_family = sa_family_t(AF_INET)
    target.sin_port = port.bigEndian
    target.sin_addr.s_addr = inet_addr(address)
    let result = withUnsafePointer(to: &target) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    if result != 0 {
      let code = errno
      close(fd)
      return (-1, code)
    }
    return (fd, 0)
  }

  func send(_ text: String) throws { try send(Array(text.utf8)) }

  func send(_ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard sent > 0 else { throw Failure(description: "send failed: errno \(errno)") }
      offset += sent
    }
  }

  /// Half-closes the sending side (sends a FIN).
  func finishSending() { _ = shutdown(fd, Int32(SHUT_WR)) }

  /// Reads whatever arrives until the server closes or `timeout` passes
  /// without a byte.
  func readToEnd(timeout: Duration = .seconds(3)) -> (bytes: [UInt8], end: StreamEnd) {
    var bytes = pending
    pending = []
    while true {
      switch readChunk(timeout: timeout) {
      case .data(let chunk): bytes += chunk
      case .end(let end): return (bytes, end)
      }
    }
  }

  /// Reads exactly `count` bytes.
  func read(count: Int, timeout: Duration = .seconds(3)) throws -> [UInt8] {
    try fill(atLeast: count, timeout: timeout)
    defer { pending.removeFirst(count) }
    return Array(pending.prefix(count))
  }

  /// Reads one response framed by `Content-Length` (no body for HEAD, 1xx,
  /// 204 and 304).
  func readResponse(toHEAD: Bool = false, timeout: Duration = .seconds(3)) throws -> Response {
    let terminator = Array("\r\n\r\n".utf8)
    var headEnd: Int?
    while headEnd == nil {
      if let range = pending.firstRange(of: terminator) {
        headEnd = range.upperBound
      } else {
        try fill(atLeast: pending.count + 1, timeout: timeout)
      }
    }
    let headText = String(decoding: pending[..<headEnd!], as: UTF8.self)
    pending.removeFirst(headEnd!)
    var lines = headText.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2).map(String.init)
    guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
      throw Failure(description: "not a status line: \(statusLine)")
    }
    let headers = lines.map { line in
      let colon = line.firstIndex(of: ":") ?? line.endIndex
      return HeaderField(
        String(line[..<colon]),
        String(line[colon...].dropFirst()).trimmingCharacters(in: .whitespaces))
    }
    var response = Response(
      status: status, reason: statusLine.count > 2 ? statusLine[2] : "", headers: headers, body: [])
    let bodyless = toHEAD || (100..<200).contains(status) || status == 204 || status == 304
    if !bodyless, let length = response.header("Content-Length").flatMap({ Int($0) }) {
      response.body = try read(count: length, timeout: timeout)
    }
    return response
  }

  private enum Chunk {
    case data([UInt8])
    case end(StreamEnd)
  }

  private func readChunk(timeout: Duration) -> Chunk {
    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
    guard poll(&entry, 1, milliseconds) > 0 else { return .end(.timedOut) }
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    let count = recv(fd, &buffer, buffer.count, 0)
    if count > 0 { return .data(Array(buffer[0..<count])) }
    if count == 0 { return .end(.closed) }
    return .end(errno == ECONNRESET ? .reset : .closed)
  }

  private func fill(atLeast count: Int, timeout: Duration) throws {
    while pending.count < count {
      switch readChunk(timeout: timeout) {
      case .data(let chunk): pending += chunk
      case .end(let end):
        throw Failure(description: "stream ended (\(end)) after \(pending.count) of \(count) bytes")
      }
    }
  }
}
