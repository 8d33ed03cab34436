import Foundation
import Testing

@testable import RegistryGC

/// The response parser, fed whole and byte by byte: both must give the same answer.
@Suite("HTTPResponseParser")
struct HTTPResponseParserTests {
  /// What the parser made of a stream: the outcome of `next()` after the last
  /// byte, or of `finish()` when `closed`.
  static func parse(
    _ text: String, method: String = "GET", closed: Bool = false, byteByByte: Bool,
    maxHeadBytes: Int = 64 * 1024, maxBodyBytes: Int = 64 * 1024 * 1024
  ) -> (outcome: HTTPResponseParser.Outcome, leftover: Int) {
    var parser = HTTPResponseParser(requestMethod: method, maxHeadBytes: maxHeadBytes, maxBodyBytes: maxBodyBytes)
    var outcome = HTTPResponseParser.Outcome.needMoreData
    if byteByByte {
      for byte in text.utf8 {
        parser.append([byte])
        outcome = parser.next()
        if outcome != .needMoreData { break }
      }
    } else {
      parser.append(Array(text.utf8))
      outcome = parser.next()
    }
    if closed, outcome == .needMoreData { outcome = parser.finish() }
    return (outcome, parser.unconsumedByteCount)
  }

  /// Parses `text` both ways, checks that they agree and returns the outcome.
  static func outcome(
    _ text: String, method: String = "GET", closed: Bool = false, maxHeadBytes: Int = 64 * 1024,
    maxBodyBytes: Int = 64 * 1024 * 1024, sourceLocation: SourceLocation = #_sourceLocation
  ) -> HTTPResponseParser.Outcome {
    let whole = parse(
      text, method: method, closed: closed, byteByByte: false, maxHeadBytes: maxHeadBytes, maxBodyBytes: maxBodyBytes)
    let dribbled = parse(
      text, method: method, closed: closed, byteByByte: true, maxHeadBytes: maxHeadBytes, maxBodyBytes: maxBodyBytes)
    #expect(whole.outcome == dribbled.outcome, sourceLocation: sourceLocation)
    return whole.outcome
  }

  static func response(_ outcome: HTTPResponseParser.Outcome) -> (response: HTTPResponse, reusable: Bool)? {
    if case .response(let response, let reusable) = outcome { return (response, reusable) }
    return nil
  }

  // MARK: Framing

  @Test func readsABodyByContentLengthWithHeadersInOrder() throws {
    let parsed = try #require(
      Self.response(
        Self.outcome(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Total-Count:  42 \r\n"
            + "Link: <http://x/a?page=2>; rel=\"next\"\r\nContent-Length: 10\r\n\r\n[{\"id\":1}]")))
    #expect(parsed.response.status == 200)
    #expect(parsed.response.text == #"[{"id":1}]"#)
    #expect(parsed.response.headers["x-total-count"] == "42")
    #expect(parsed.response.headers["CONTENT-TYPE"] == "application/json")
    #expect(parsed.response.headers.fields.map(\.name) == ["Content-Type", "X-Total-Count", "Link", "Content-Length"])
    #expect(parsed.reusable)
  }

  @Test func waitsForTheWholeBody() {
    #expect(Self.outcome("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc") == .needMoreData)
    #expect(Self.outcome("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc", closed: true) == .truncated)
    #expect(Self.outcome("HTTP/1.1 200 OK\r\nContent-Len", closed: true) == .truncated)
  }

  @Test func decodesAChunkedBodyWithExtensionsAndTrailers() throws {
    let text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "5;name=value\r\nhello\r\n19\r\n, the chunked body of Go!\r\n0\r\nX-Checksum: abc\r\n\r\n"
    let parsed = try #require(Self.response(Self.outcome(text)))
    #expect(parsed.response.text == "hello, the chunked body of Go!")
    #expect(parsed.reusable)
    #expect(Self.parse(text + "HTTP/1.1", byteByByte: false).leftover == 8)
  }

  @Test func decodesALargeChunkedBodyAsGoWritesIt() throws {
    let payload = String(repeating: "0123456789abcdef", count: 16 * 1024)  // 256 KiB
    var text = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    var rest = Substring(payload)
    while !rest.isEmpty {
      let piece = rest.prefix(32 * 1024 - 7)
      text += String(piece.utf8.count, radix: 16) + "\r\n" + piece + "\r\n"
      rest = rest.dropFirst(piece.count)
    }
    text += "0\r\n\r\n"
    var parser = HTTPResponseParser(requestMethod: "GET")
    var outcome = HTTPResponseParser.Outcome.needMoreData
    let bytes = Array(text.utf8)
    // Reads of an odd size, so chunk boundaries fall everywhere.
    for start in stride(from: 0, to: bytes.count, by: 1000) {
      parser.append(bytes[start..<min(start + 1000, bytes.count)])
      outcome = parser.next()
    }
    let parsed = try #require(Self.response(outcome))
    #expect(parsed.response.body.count == payload.utf8.count)
    #expect(parsed.response.text == payload)
  }

  @Test func readsUntilCloseWithoutALength() throws {
    #expect(Self.outcome("HTTP/1.0 200 OK\r\n\r\npart one, ") == .needMoreData)
    let parsed = try #require(Self.response(Self.outcome("HTTP/1.0 200 OK\r\n\r\npart one, part two", closed: true)))
    #expect(parsed.response.text == "part one, part two")
    #expect(!parsed.reusable)
    let eleven = try #require(Self.response(Self.outcome("HTTP/1.1 200 OK\r\n\r\nall of it", closed: true)))
    #expect(eleven.response.text == "all of it")
    #expect(!eleven.reusable)
  }

  @Test func aTransferCodingOtherThanChunkedLastRunsUntilClose() throws {
    let parsed = try #require(
      Self.response(Self.outcome("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzipped", closed: true)))
    #expect(parsed.response.text == "zipped")
    #expect(!parsed.reusable)
  }

  @Test(arguments: [204, 304])
  func noBodyStatusesEndAtTheHead(status: Int) throws {
    let parsed = try #require(Self.response(Self.outcome("HTTP/1.1 \(status) Whatever\r\nContent-Length: 7\r\n\r\n")))
    #expect(parsed.response.status == status)
    #expect(parsed.response.body.isEmpty)
    #expect(parsed.reusable)
  }

  @Test func aReplyToHeadHasNoBodyWhateverItsLength() throws {
    let parsed = try #require(
      Self.response(Self.outcome("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", method: "HEAD")))
    #expect(parsed.response.headers["Content-Length"] == "1234")
    #expect(parsed.response.body.isEmpty)
  }

  @Test func skipsInterimResponses() throws {
    let parsed = try #require(
      Self.response(
        Self.outcome(
          "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
            + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")))
    #expect(parsed.response.status == 201)
    #expect(parsed.response.text == "ok")
    #expect(parsed.response.headers["Link"] == nil)
  }

  @Test func acceptsBareLineFeedsAndAnEmptyReason() throws {
    let parsed = try #require(Self.response(Self.outcome("HTTP/1.1 404\nContent-Length: 3\n\nnop")))
    #expect(parsed.response.status == 404)
    #expect(parsed.response.text == "nop")
  }

  // MARK: Keep-alive

  @Test func decidesWhetherTheConnectionMayBeReused() throws {
    func reusable(_ head: String) throws -> Bool {
      try #require(Self.response(Self.outcome(head + "Content-Length: 0\r\n\r\n"))).reusable
    }
    #expect(try reusable("HTTP/1.1 200 OK\r\n"))
    #expect(try !reusable("HTTP/1.1 200 OK\r\nConnection: close\r\n"))
    #expect(try !reusable("HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\n"))
    #expect(try !reusable("HTTP/1.0 200 OK\r\n"))
    #expect(try reusable("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n"))
    // Both chunked and a length: the chunks count, but the connection is not trusted again.
    let ambiguous = try #require(
      Self.response(
        Self.outcome("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n2\r\nok\r\n0\r\n\r\n")))
    #expect(ambiguous.response.text == "ok")
    #expect(!ambiguous.reusable)
  }

  @Test func repeatedEqualContentLengthsAreOne() throws {
    let parsed = try #require(
      Self.response(Self.outcome("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok")))
    #expect(parsed.response.text == "ok")
  }

  // MARK: Refusals

  @Test(arguments: [
    ("garbage\r\n\r\n", "the status line is not \"HTTP/1.x NNN reason\""),
    ("HTTP/2 200 OK\r\n\r\n", "the status line is not \"HTTP/1.x NNN reason\""),
    ("HTTP/1.1 2x0 OK\r\n\r\n", "the status line is not \"HTTP/1.x NNN reason\""),
    ("HTTP/1.1 099 Low\r\n\r\n", "the status line is not \"HTTP/1.x NNN reason\""),
    ("HTTP/1.1 2000 OK\r\n\r\n", "the status line is not \"HTTP/1.x NNN reason\""),
    ("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "a header line is not \"Name: value\""),
    ("HTTP/1.1 200 OK\r\n : empty name\r\n\r\n", "a header line is not \"Name: value\""),
    ("HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n", "a header line is not \"Name: value\""),
    ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length is not a number"),
    ("HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n", "Content-Length is not a number"),
    (
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nab",
      "the response has conflicting Content-Length values"
    ),
    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", "a chunk size is not a hexadecimal number"),
    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", "a chunk size is not a hexadecimal number"),
    (
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abcdef0\r\n",
      "a chunk size is not a hexadecimal number"
    ),
    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "a chunk's data is not followed by CRLF"),
  ])
  func refusesWhatIsNotHTTP(text: String, reason: String) {
    #expect(Self.outcome(text, closed: true) == .malformed(reason))
  }

  @Test func limitsTheHeadAndTheBody() {
    let bigHead = "HTTP/1.1 200 OK\r\nX-Filler: " + String(repeating: "a", count: 300) + "\r\n\r\n"
    #expect(Self.outcome(bigHead, maxHeadBytes: 256) == .malformed("the response head is larger than 256 bytes"))
    #expect(
      Self.outcome("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", maxBodyBytes: 100)
        == .malformed("the body (101 bytes announced) is larger than the limit of 100 bytes"))
    let chunks =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + String(repeating: "b", count: 64)
      + "\r\n40\r\n"
    #expect(Self.outcome(chunks, maxBodyBytes: 100) == .malformed("the body is larger than the limit of 100 bytes"))
    let untilClose = "HTTP/1.0 200 OK\r\n\r\n" + String(repeating: "c", count: 101)
    #expect(
      Self.outcome(untilClose, closed: true, maxBodyBytes: 100)
        == .malformed("the body is larger than the limit of 100 bytes"))
    let trailers =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: " + String(repeating: "t", count: 300)
    #expect(
      Self.outcome(trailers, maxHeadBytes: 256) == .malformed("the trailer section is larger than 256 bytes"))
  }

  @Test func staysFailedAndTellsWhetherAnythingArrived() {
    var parser = HTTPResponseParser(requestMethod: "GET")
    #expect(!parser.receivedAnyBytes)
    #expect(parser.finish() == .truncated)
    parser.append(Array("NOT HTTP\r\n\r\n".utf8))
    #expect(parser.receivedAnyBytes)
    #expect(parser.next() == .malformed("the status line is not \"HTTP/1.x NNN reason\""))
    parser.append(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8))
    #expect(parser.next() == .malformed("the status line is not \"HTTP/1.x NNN reason\""))
  }
}
