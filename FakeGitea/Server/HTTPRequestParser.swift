import struct Foundation.Data

/// Turns the bytes of one HTTP/1.x connection into requests.
///
/// The parser owns the connection's unread bytes: feed it whatever arrives
/// with ``append(_:)`` and call ``next()`` until it answers
/// ``Outcome/needMoreData``. It does no I/O, never traps on any input, and
/// gives the same results however the bytes are split into reads, which is
/// what makes it easy to fuzz.
///
/// ```swift
/// var parser = HTTPRequestParser()
/// parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
/// if case .request(let request, _) = parser.next() { print(request.target) }
/// ```
///
/// What it accepts: HTTP/1.0 and HTTP/1.1 request heads with CRLF line ends,
/// bodies framed by `Content-Length` or by `Transfer-Encoding: chunked`
/// (trailers are read and dropped). What it refuses, with the status a
/// server should answer:
/// - 400: a malformed request line or header, a bare CR or LF, line folding,
///   a missing or repeated `Host` in HTTP/1.1, a bad or conflicting
///   `Content-Length`, both `Content-Length` and `Transfer-Encoding`, a bad
///   chunk, or a version that is not HTTP/1.x;
/// - 413: a body larger than ``maxBodyBytes``;
/// - 431: a head (or trailer section) larger than ``maxHeadBytes``;
/// - 501: a transfer coding other than `chunked`;
/// - 505: HTTP/2 or later.
///
/// After a failure the parser stays failed: the connection cannot be trusted
/// to be at a request boundary any more.
public struct HTTPRequestParser: Sendable {
  /// What ``next()`` found in the bytes appended so far.
  public enum Outcome: Sendable, Equatable {
    /// No complete request yet; append more bytes and ask again.
    case needMoreData
    /// A complete request, which took `bytesConsumed` bytes of the stream
    /// (counting any empty lines that preceded it).
    case request(ServerRequest, bytesConsumed: Int)
    /// The stream is not acceptable HTTP. Answer `status` (with `reason` as
    /// the explanation) and close the connection.
    case failure(status: Int, reason: String)
  }

  /// The largest request line plus headers (and, separately, the largest
  /// chunked trailer section), in bytes.
  public let maxHeadBytes: Int
  /// The largest body, in bytes, whichever way it is framed.
  public let maxBodyBytes: Int

  /// Whether the request most recently returned by ``next()`` lets the
  /// connection stay open: HTTP/1.1 unless it said `Connection: close`,
  /// HTTP/1.0 only if it said `Connection: keep-alive`.
  public private(set) var lastRequestKeepsAlive = false
  /// The minor version of the request most recently returned by ``next()``
  /// (`0` for HTTP/1.0, `1` for HTTP/1.1).
  public private(set) var lastRequestMinorVersion = 1

  private var buffer: [UInt8] = []
  /// Index in `buffer` of the first byte of the current request.
  private var requestStart = 0
  private var phase = Phase.head(headStart: 0, scannedUpTo: 0)

  private enum Phase: Sendable {
    /// Looking for the end of the head. Empty lines before `headStart` have
    /// been skipped and the bytes before `scannedUpTo` checked (both are
    /// indices into `buffer`).
    case head(headStart: Int, scannedUpTo: Int)
    /// The head is parsed; waiting for (or decoding) the body.
    case body(RequestHead, bodyStart: Int, chunked: ChunkedBodyDecoder?)
    case failed(status: Int, reason: String)
  }

  /// Creates a parser with the given limits (80 KiB of head, 256 MiB of
  /// body by default).
  public init(maxHeadBytes: Int = 80 * 1024, maxBodyBytes: Int = 256 * 1024 * 1024) {
    self.maxHeadBytes = max(0, maxHeadBytes)
    self.maxBodyBytes = max(0, maxBodyBytes)
  }

  /// Adds bytes received from the connection.
  public mutating func append(_ bytes: some Sequence<UInt8>) {
    buffer.append(contentsOf: bytes)
  }

  /// Adds bytes received from the connection.
  public mutating func append(_ bytes: UnsafeRawBufferPointer) {
    buffer.append(contentsOf: bytes)
  }

  /// How many appended bytes have not yet been returned as part of a request.
  public var bufferedByteCount: Int { buffer.count - requestStart }

  /// True while the head of a request that said `Expect: 100-continue` has
  /// been read and its body has not fully arrived: the moment a server sends
  /// `100 Continue`.
  public var awaitsContinue: Bool {
    if case .body(let head, _, _) = phase { return head.expectsContinue }
    return false
  }

  /// Looks for the next complete request in the bytes appended so far.
  public mutating func next() -> Outcome {
    switch phase {
    case .failed(let status, let reason):
      return .failure(status: status, reason: reason)
    case .head(let headStart, let scannedUpTo):
      return parseHead(skippedTo: headStart, scannedUpTo: scannedUpTo)
    case .body(let head, let bodyStart, let chunked):
      return parseBody(head: head, bodyStart: bodyStart, chunked: chunked)
    }
  }

  // MARK: Head

  private mutating func parseHead(skippedTo skipped: Int, scannedUpTo: Int) -> Outcome {
    // Empty lines before a request line are allowed and skipped (RFC 9112
    // §2.2), but they count toward the head's size.
    var headStart = max(requestStart, skipped)
    while headStart + 1 < buffer.count, buffer[headStart] == HTTPByte.cr, buffer[headStart + 1] == HTTPByte.lf {
      headStart += 2
    }
    if headStart - requestStart > maxHeadBytes {
      return fail(431, "request head is larger than \(maxHeadBytes) bytes")
    }
    if headStart < buffer.count, buffer[headStart] == HTTPByte.lf {
      return fail(400, "bare LF in request head; lines must end with CRLF")
    }

    let headEnd: Int
    switch scanForHeadEnd(headStart: headStart, from: max(scannedUpTo, headStart)) {
    case .found(let end): headEnd = end
    case .failure(let status, let reason): return fail(status, reason)
    case .notYet:
      // Re-check the last byte next time: a CR there needs its LF.
      phase = .head(headStart: headStart, scannedUpTo: max(headStart, buffer.count - 1))
      return .needMoreData
    }

    // The head without its final empty line, split into lines.
    let lines = splitLines(buffer[headStart..<(headEnd - 2)])
    let head: RequestHead
    switch RequestHead.parse(lines: lines, maxBodyBytes: maxBodyBytes) {
    case .success(let parsed): head = parsed
    case .failure(let error): return fail(error.status, error.reason)
    }
    let chunked = head.framing == .chunked ? ChunkedBodyDecoder(start: headEnd) : nil
    phase = .body(head, bodyStart: headEnd, chunked: chunked)
    return parseBody(head: head, bodyStart: headEnd, chunked: chunked)
  }

  private enum HeadScan {
    /// The head ends just before this index (after its empty line).
    case found(Int)
    case notYet
    case failure(status: Int, reason: String)
  }

  /// Looks for the empty line that ends a head starting at `headStart`,
  /// checking every byte from `start` for bare CRs and LFs and the head for
  /// its size limit. Works on the buffer's memory directly: this loop sees
  /// every byte of every request.
  private func scanForHeadEnd(headStart: Int, from start: Int) -> HeadScan {
    buffer.withUnsafeBufferPointer { bytes in
      var index = start
      while index < bytes.count {
        if index - requestStart >= maxHeadBytes {
          return .failure(status: 431, reason: "request head is larger than \(maxHeadBytes) bytes")
        }
        let byte = bytes[index]
        let follows = index > headStart
        if follows, bytes[index - 1] == HTTPByte.cr, byte != HTTPByte.lf {
          return .failure(status: 400, reason: "bare CR in request head; lines must end with CRLF")
        }
        if byte == HTTPByte.lf {
          guard follows, bytes[index - 1] == HTTPByte.cr else {
            return .failure(status: 400, reason: "bare LF in request head; lines must end with CRLF")
          }
          if index - headStart >= 3, bytes[index - 2] == HTTPByte.lf {
            return .found(index + 1)
          }
        }
        index += 1
      }
      return .notYet
    }
  }

  /// Splits CRLF-terminated lines (the region ends just after the last CRLF).
  private func splitLines(_ region: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    var lines: [ArraySlice<UInt8>] = []
    var lineStart = region.startIndex
    var index = region.startIndex
    while index < region.endIndex {
      if region[index] == HTTPByte.lf {
        // Bare LFs were rejected while scanning, so a CR precedes this LF.
        lines.append(region[lineStart..<(index - 1)])
        lineStart = index + 1
      }
      index += 1
    }
    return lines
  }

  // MARK: Body

  private mutating func parseBody(
    head: RequestHead, bodyStart: Int, chunked: ChunkedBodyDecoder?
  ) -> Outcome {
    switch head.framing {
    case .none:
      return finish(head, body: [], end: bodyStart)
    case .contentLength(let length):
      guard buffer.count - bodyStart >= length else { return .needMoreData }
      return finish(head, body: Array(buffer[bodyStart..<(bodyStart + length)]), end: bodyStart + length)
    case .chunked:
      var decoder = chunked ?? ChunkedBodyDecoder(start: bodyStart)
      switch decoder.decode(buffer, maxBodyBytes: maxBodyBytes, maxTrailerBytes: maxHeadBytes) {
      case .needMoreData:
        phase = .body(head, bodyStart: bodyStart, chunked: decoder)
        return .needMoreData
      case .complete(let end):
        return finish(head, body: decoder.body, end: end)
      case .failure(let status, let reason):
        return fail(status, reason)
      }
    }
  }

  private mutating func finish(_ head: RequestHead, body: [UInt8], end: Int) -> Outcome {
    let consumed = end - requestStart
    let request = ServerRequest(
      method: head.method, target: head.target, headers: head.headers, body: Data(body))
    lastRequestKeepsAlive = head.keepsAlive
    lastRequestMinorVersion = head.minorVersion
    requestStart = end
    phase = .head(headStart: end, scannedUpTo: end)
    compactIfWorthwhile()
    return .request(request, bytesConsumed: consumed)
  }

  /// Drops consumed bytes once they make up most of the buffer, so a long
  /// pipelined stream is not copied once per request.
  private mutating func compactIfWorthwhile() {
    guard requestStart > 0, requestStart >= buffer.count / 2 || requestStart >= 64 * 1024 else { return }
    buffer.removeFirst(requestStart)
    requestStart = 0
    phase = .head(headStart: 0, scannedUpTo: 0)
  }

  private mutating func fail(_ status: Int, _ reason: String) -> Outcome {
    phase = .failed(status: status, reason: reason)
    return .failure(status: status, reason: reason)
  }
}
