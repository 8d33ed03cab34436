/// Decodes a `Transfer-Encoding: chunked` body (RFC 9112 §7.1) in place,
/// resuming where it stopped each time more bytes arrive.
///
/// Chunk extensions are skipped; the trailer section is read and dropped.
struct ChunkedBodyDecoder: Sendable {
  enum Outcome: Sendable, Equatable {
    case needMoreData
    /// The body ended; the request's bytes stop just before `end`.
    case complete(end: Int)
    case failure(status: Int, reason: String)
  }

  private enum Step: Sendable {
    case sizeLine
    case data(size: Int)
    /// Reading trailer lines; `start` is where the trailer section began.
    case trailers(start: Int)
  }

  /// The longest chunk-size line (size plus extensions) accepted.
  static let maxSizeLineBytes = 4096
  /// How many framing bytes (size lines, extensions, CRLFs) a body may carry
  /// beyond one per data byte. The raw body stays in the parser's buffer
  /// until the request completes, so without this, tiny chunks with long
  /// extensions could make it many times the body limit.
  static let framingAllowance = 64 * 1024

  /// The decoded body so far.
  private(set) var body: [UInt8] = []
  /// Index in the stream of the next undecoded byte.
  private var cursor: Int
  private var step = Step.sizeLine
  /// Index of the first byte of the body, for measuring its framing.
  private let start: Int
  /// Bytes from `cursor` up to here are known to hold no LF.
  private var scannedUpTo = 0

  init(start: Int) {
    self.start = start
    cursor = start
  }

  /// Decodes as much of `bytes` (the whole stream buffer) as is complete.
  mutating func decode(_ bytes: [UInt8], maxBodyBytes: Int, maxTrailerBytes: Int) -> Outcome {
    while true {
      switch step {
      case .sizeLine:
        let line: ArraySlice<UInt8>
        switch nextLine(in: bytes, limit: Self.maxSizeLineBytes) {
        case .incomplete: return .needMoreData
        case .tooLong: return .failure(status: 400, reason: "chunk size line is too long")
        case .bareLF: return .failure(status: 400, reason: "bare LF in chunked body; lines must end with CRLF")
        case .line(let found, let next):
          line = found
          cursor = next
        }
        if (cursor - start) - body.count > Self.framingAllowance + body.count {
          return .failure(status: 413, reason: "chunked body carries too much framing for its data")
        }
        guard let size = Self.parseChunkSize(line, limit: maxBodyBytes - body.count) else {
          return .failure(status: 400, reason: "invalid chunk size line")
        }
        switch size {
        case .tooLarge:
          return .failure(status: 413, reason: "request body is larger than \(maxBodyBytes) bytes")
        case .size(0):
          step = .trailers(start: cursor)
        case .size(let size):
          step = .data(size: size)
        }

      case .data(let size):
        guard bytes.count - cursor - 2 >= size else { return .needMoreData }
        let dataEnd = cursor + size
        guard bytes[dataEnd] == HTTPByte.cr, bytes[dataEnd + 1] == HTTPByte.lf else {
          return .failure(status: 400, reason: "chunk data is not followed by CRLF")
        }
        body.append(contentsOf: bytes[cursor..<dataEnd])
        cursor = dataEnd + 2
        step = .sizeLine

      case .trailers(let start):
        let remainingAllowance = maxTrailerBytes - (cursor - start)
        switch nextLine(in: bytes, limit: remainingAllowance) {
        case .incomplete: return .needMoreData
        case .tooLong: return .failure(status: 431, reason: "trailer section is larger than \(maxTrailerBytes) bytes")
        case .bareLF: return .failure(status: 400, reason: "bare LF in trailer section; lines must end with CRLF")
        case .line(let line, let next):
          cursor = next
          if line.isEmpty { return .complete(end: cursor) }
        }
      }
    }
  }

  private enum LineSearch {
    case incomplete
    case tooLong
    case bareLF
    /// A line without its CRLF, and the index just after the CRLF.
    case line(ArraySlice<UInt8>, next: Int)
  }

  /// Finds the CRLF-terminated line starting at `cursor`, refusing lines
  /// (CRLF included) longer than `limit` bytes.
  private mutating func nextLine(in bytes: [UInt8], limit: Int) -> LineSearch {
    var index = max(cursor, scannedUpTo)
    while index < bytes.count {
      if index - cursor >= limit { return .tooLong }
      if bytes[index] == HTTPByte.lf {
        guard index > cursor, bytes[index - 1] == HTTPByte.cr else { return .bareLF }
        return .line(bytes[cursor..<(index - 1)], next: index + 1)
      }
      index += 1
    }
    if index - cursor >= limit { return .tooLong }
    scannedUpTo = index
    return .incomplete
  }

  private enum ChunkSize: Equatable {
    case size(Int)
    case tooLarge
  }

  /// Reads `1*HEXDIG [ BWS ";" extensions ]`; `nil` if malformed.
  private static func parseChunkSize(_ line: ArraySlice<UInt8>, limit: Int) -> ChunkSize? {
    var size = 0
    var digits = 0
    var index = line.startIndex
    var tooLarge = false
    while index < line.endIndex, let digit = HTTPByte.hexValue(line[index]) {
      digits += 1
      if !tooLarge {
        let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
        if overflow || shifted > limit - digit {
          tooLarge = true
        } else {
          size = shifted + digit
        }
      }
      index += 1
    }
    guard digits > 0 else { return nil }
    while index < line.endIndex, HTTPByte.isWhitespace(line[index]) { index += 1 }
    if index < line.endIndex {
      guard line[index] == HTTPByte.semicolon, line[index...].allSatisfy(HTTPByte.isFieldValueCharacter) else {
        return nil
      }
    }
    return tooLarge ? .tooLarge : .size(size)
  }
}
