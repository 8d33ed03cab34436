import struct Foundation.Data

/// Turns the bytes a server sends on one connection into the response to one
/// request, with no I/O of its own.
///
/// Feed it whatever arrives with ``append(_:)-(UnsafeRawBufferPointer)`` and
/// ask ``next()`` until it stops answering ``Outcome/needMoreData``; when the
/// server closes the connection, ask ``finish()``. It gives the same answer
/// however the bytes are split, never traps on any input, and reads:
/// - HTTP/1.0 and HTTP/1.1 status lines and headers (lines may end in CRLF
///   or a bare LF), skipping interim `1xx` answers such as `100 Continue`;
/// - a body framed by `Content-Length`, by `Transfer-Encoding: chunked`
///   (extensions ignored, trailers read and dropped), or running until the
///   server closes; no body at all for `HEAD`, `204` and `304`.
///
/// It refuses, as ``Outcome/malformed(_:)``: a status line that is not
/// `HTTP/1.x NNN`, a header line without a name and a colon, a bad or
/// conflicting `Content-Length`, a bad chunk, a head (or trailer section)
/// above ``maxHeadBytes`` and a body above ``maxBodyBytes``.
///
/// ```swift
/// var parser = HTTPResponseParser(requestMethod: "GET")
/// parser.append(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".utf8))
/// if case .response(let response, let reusable) = parser.next() { print(response.text, reusable) }
/// ```
public struct HTTPResponseParser: Sendable {
  /// What the bytes appended so far amount to.
  public enum Outcome: Sendable, Equatable {
    /// No complete response yet.
    case needMoreData
    /// A complete response. `reusable` tells whether the connection may carry
    /// another request as far as the response is concerned (keep-alive, and a
    /// body whose end was delimited rather than marked by closing); bytes
    /// beyond the response (see ``unconsumedByteCount``) also rule reuse out.
    case response(HTTPResponse, reusable: Bool)
    /// The bytes are not an acceptable HTTP response; the reason says why.
    case malformed(String)
    /// The stream ended (``finish()``) before the response was complete;
    /// ``receivedAnyBytes`` tells whether it had begun at all.
    case truncated
  }

  /// Why a response head is refused.
  struct Malformation: Error, Sendable, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }

  /// The method of the request being answered (`HEAD` replies have no body).
  public let requestMethod: String
  /// The largest status line plus headers, and the largest trailer section, in bytes.
  public let maxHeadBytes: Int
  /// The largest body, in bytes, whichever way it is framed.
  public let maxBodyBytes: Int
  /// Whether any byte at all has been appended.
  public private(set) var receivedAnyBytes = false

  /// The longest chunk-size line accepted (the size plus any extensions).
  static let maxChunkSizeLineBytes = 4096

  private var buffer: [UInt8] = []
  /// Bytes of `buffer` before this index have been used.
  private var readIndex = 0
  private var phase = Phase.head(lineStart: 0, scannedUpTo: 0)
  private var body: [UInt8] = []

  private enum Phase: Sendable {
    /// Looking for the empty line that ends a head beginning at `readIndex`;
    /// bytes before `scannedUpTo` were checked, `lineStart` begins the
    /// current line (both indices into `buffer`).
    case head(lineStart: Int, scannedUpTo: Int)
    case body(HTTPResponseHead, BodyPhase)
    case done(HTTPResponse, reusable: Bool)
    case failed(String)
  }

  private enum BodyPhase: Sendable {
    case contentLength(remaining: Int)
    /// Looking for the end of a chunk-size line beginning at `readIndex`.
    case chunkSize(scannedUpTo: Int)
    case chunkData(remaining: Int)
    /// The CRLF after a chunk's data.
    case chunkEnd
    /// The trailer section after the last chunk, which began at `start`.
    case trailers(start: Int, lineStart: Int, scannedUpTo: Int)
    case untilClose
  }

  /// - Parameters:
  ///   - requestMethod: the method of the request this response answers.
  ///   - maxHeadBytes: the limit for the head, 64 KiB by default.
  ///   - maxBodyBytes: the limit for the body, 64 MiB by default.
  public init(requestMethod: String, maxHeadBytes: Int = 64 * 1024, maxBodyBytes: Int = 64 * 1024 * 1024) {
    self.requestMethod = requestMethod
    self.maxHeadBytes = max(0, maxHeadBytes)
    self.maxBodyBytes = max(0, maxBodyBytes)
  }

  /// Adds bytes received from the connection.
  public mutating func append(_ bytes: UnsafeRawBufferPointer) {
    guard !bytes.isEmpty else { return }
    receivedAnyBytes = true
    buffer.append(contentsOf: bytes)
  }

  /// Adds bytes received from the connection.
  public mutating func append(_ bytes: some Sequence<UInt8>) {
    let countBefore = buffer.count
    buffer.append(contentsOf: bytes)
    if buffer.count > countBefore { receivedAnyBytes = true }
  }

  /// How many appended bytes are not part of what has been parsed; after a
  /// response, anything here came from a server that sent more than asked.
  public var unconsumedByteCount: Int { buffer.count - readIndex }

  /// Parses as far as the bytes appended so far allow.
  public mutating func next() -> Outcome {
    while true {
      switch phase {
      case .failed(let reason):
        return .malformed(reason)
      case .done(let response, let reusable):
        return .response(response, reusable: reusable)
      case .head(let lineStart, let scannedUpTo):
        guard let outcome = parseHead(lineStart: lineStart, scannedUpTo: scannedUpTo) else { continue }
        return outcome
      case .body(let head, let bodyPhase):
        guard let outcome = parseBody(head: head, bodyPhase) else { continue }
        return outcome
      }
    }
  }

  /// The server closed the connection: completes a body that runs until
  /// close, and otherwise reports what is missing.
  public mutating func finish() -> Outcome {
    let outcome = next()
    guard case .needMoreData = outcome else { return outcome }
    if case .body(let head, .untilClose) = phase {
      return complete(head)
    }
    return .truncated
  }

  // MARK: Head

  /// Returns nil when the phase changed and parsing should go on.
  private mutating func parseHead(lineStart: Int, scannedUpTo: Int) -> Outcome? {
    // Empty lines before a status line are skipped (RFC 9112 §2.2).
    if lineStart == readIndex {
      while readIndex < buffer.count, buffer[readIndex] == Self.lf || buffer[readIndex] == Self.cr {
        if buffer[readIndex] == Self.cr, readIndex + 1 >= buffer.count { break }
        readIndex += 1
      }
    }
    var lineStart = max(lineStart, readIndex)
    var index = max(scannedUpTo, readIndex)
    while index < buffer.count {
      if index - readIndex >= maxHeadBytes {
        return fail("the response head is larger than \(maxHeadBytes) bytes")
      }
      if buffer[index] == Self.lf {
        let lineLength = index - lineStart
        if lineLength == 0 || (lineLength == 1 && buffer[lineStart] == Self.cr) {
          return headEnded(at: index + 1, lastLineStart: lineStart)
        }
        lineStart = index + 1
      }
      index += 1
    }
    phase = .head(lineStart: lineStart, scannedUpTo: index)
    return .needMoreData
  }

  private mutating func headEnded(at headEnd: Int, lastLineStart: Int) -> Outcome? {
    let lines = Self.lines(in: buffer[readIndex..<lastLineStart])
    let head: HTTPResponseHead
    switch HTTPResponseHead.parse(lines: lines, requestMethod: requestMethod, maxBodyBytes: maxBodyBytes) {
    case .success(let parsed): head = parsed
    case .failure(let malformation): return fail(malformation.reason)
    }
    readIndex = headEnd
    if head.isInterim {
      phase = .head(lineStart: readIndex, scannedUpTo: readIndex)
      return nil
    }
    switch head.framing {
    case .none, .contentLength(0):
      return complete(head)
    case .contentLength(let length):
      phase = .body(head, .contentLength(remaining: length))
    case .chunked:
      phase = .body(head, .chunkSize(scannedUpTo: readIndex))
    case .untilClose:
      phase = .body(head, .untilClose)
    }
    return nil
  }

  /// Splits a region made of whole lines, each ending in LF or CRLF.
  private static func lines(in region: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    var lines: [ArraySlice<UInt8>] = []
    var lineStart = region.startIndex
    for index in region.indices where region[index] == lf {
      var lineEnd = index
      if lineEnd > lineStart, region[lineEnd - 1] == cr { lineEnd -= 1 }
      lines.append(region[lineStart..<lineEnd])
      lineStart = index + 1
    }
    return lines
  }

  // MARK: Body

  /// Returns nil when the phase changed and parsing should go on.
  private mutating func parseBody(head: HTTPResponseHead, _ bodyPhase: BodyPhase) -> Outcome? {
    switch bodyPhase {
    case .contentLength(let remaining):
      let left = remaining - takeBody(upTo: remaining)
      if left == 0 { return complete(head) }
      phase = .body(head, .contentLength(remaining: left))
      return .needMoreData

    case .untilClose:
      let available = buffer.count - readIndex
      guard body.count + available <= maxBodyBytes else {
        return fail("the body is larger than the limit of \(maxBodyBytes) bytes")
      }
      _ = takeBody(upTo: available)
      return .needMoreData

    case .chunkSize(let scannedUpTo):
      guard let lineFeed = firstLineFeed(from: max(scannedUpTo, readIndex)) else {
        if buffer.count - readIndex > Self.maxChunkSizeLineBytes { return fail("a chunk-size line is too long") }
        phase = .body(head, .chunkSize(scannedUpTo: buffer.count))
        return .needMoreData
      }
      guard lineFeed - readIndex <= Self.maxChunkSizeLineBytes else { return fail("a chunk-size line is too long") }
      guard let size = Self.chunkSize(buffer[readIndex..<lineFeed]) else {
        return fail("a chunk size is not a hexadecimal number")
      }
      readIndex = lineFeed + 1
      if size == 0 {
        phase = .body(head, .trailers(start: readIndex, lineStart: readIndex, scannedUpTo: readIndex))
        return nil
      }
      guard size <= maxBodyBytes - body.count else {
        return fail("the body is larger than the limit of \(maxBodyBytes) bytes")
      }
      phase = .body(head, .chunkData(remaining: size))
      return nil

    case .chunkData(let remaining):
      let left = remaining - takeBody(upTo: remaining)
      phase = .body(head, left == 0 ? .chunkEnd : .chunkData(remaining: left))
      return left == 0 ? nil : .needMoreData

    case .chunkEnd:
      guard readIndex < buffer.count else { return .needMoreData }
      if buffer[readIndex] == Self.cr {
        guard readIndex + 1 < buffer.count else { return .needMoreData }
        guard buffer[readIndex + 1] == Self.lf else { return fail("a chunk's data is not followed by CRLF") }
        readIndex += 2
      } else {
        guard buffer[readIndex] == Self.lf else { return fail("a chunk's data is not followed by CRLF") }
        readIndex += 1
      }
      phase = .body(head, .chunkSize(scannedUpTo: readIndex))
      return nil

    case .trailers(let start, var lineStart, let scannedUpTo):
      var index = scannedUpTo
      while index < buffer.count {
        if index - start >= maxHeadBytes { return fail("the trailer section is larger than \(maxHeadBytes) bytes") }
        if buffer[index] == Self.lf {
          let lineLength = index - lineStart
          if lineLength == 0 || (lineLength == 1 && buffer[lineStart] == Self.cr) {
            readIndex = index + 1
            return complete(head)
          }
          lineStart = index + 1
        }
        index += 1
      }
      phase = .body(head, .trailers(start: start, lineStart: lineStart, scannedUpTo: index))
      return .needMoreData
    }
  }

  /// Moves up to `limit` available bytes into the body; returns how many.
  private mutating func takeBody(upTo limit: Int) -> Int {
    let count = min(limit, buffer.count - readIndex)
    guard count > 0 else { return 0 }
    body.append(contentsOf: buffer[readIndex..<(readIndex + count)])
    readIndex += count
    if readIndex == buffer.count {
      // Everything read was used: start the buffer over rather than let it
      // grow with the whole body.
      buffer.removeAll(keepingCapacity: true)
      readIndex = 0
    }
    return count
  }

  private func firstLineFeed(from start: Int) -> Int? {
    var index = start
    while index < buffer.count {
      if buffer[index] == Self.lf { return index }
      index += 1
    }
    return nil
  }

  /// The size in a chunk-size line (`1a2b;name=value\r`), or nil if it has
  /// no hexadecimal digits or more than 15 of them.
  private static func chunkSize(_ line: ArraySlice<UInt8>) -> Int? {
    var size = 0
    var digits = 0
    for byte in line {
      let value: Int
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
      case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"), cr:
        return digits == 0 ? nil : size
      default:
        return nil
      }
      digits += 1
      guard digits <= 15 else { return nil }
      size = size * 16 + value
    }
    return digits == 0 ? nil : size
  }

  // MARK: Endings

  private mutating func complete(_ head: HTTPResponseHead) -> Outcome {
    let response = HTTPResponse(status: head.status, headers: head.headers, body: Data(body))
    body = []
    phase = .done(response, reusable: head.keepsAlive)
    return .response(response, reusable: head.keepsAlive)
  }

  private mutating func fail(_ reason: String) -> Outcome {
    phase = .failed(reason)
    return .malformed(reason)
  }

  private static let cr = UInt8(ascii: "\r")
  private static let lf = UInt8(ascii: "\n")
}
