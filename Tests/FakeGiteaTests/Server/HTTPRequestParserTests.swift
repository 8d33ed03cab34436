import FakeGitea
import Foundation
import Testing

/// A raw input shown escaped (`"GET / HTTP/1.1\r\n…"`) in test names.
struct WireText: Sendable, CustomTestStringConvertible, ExpressibleByStringLiteral {
  let text: String
  init(_ text: String) { self.text = text }
  init(stringLiteral text: String) { self.text = text }
  var testDescription: String { text.debugDescription }
}

@Suite struct HTTPRequestParserTests {
  @Test func parsesASimpleGet() throws {
    let text = "GET /api/v1/packages/o?type=container HTTP/1.1\r\nHost: x\r\nUser-Agent:  gc/1.0 \t\r\n\r\n"
    let run = ParserRun(text)
    let request = try #require(run.requests.first)
    #expect(request.method == "GET")
    #expect(request.target == "/api/v1/packages/o?type=container")
    #expect(request.headers == [HeaderField("Host", "x"), HeaderField("User-Agent", "gc/1.0")])
    #expect(request.body.isEmpty)
    #expect(run.consumed == [text.utf8.count])
    #expect(run.keepAlive == [true])
    #expect(run.ending == .needMoreData)
  }

  @Test func waitsForTheEndOfTheHead() {
    var parser = HTTPRequestParser()
    parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))
    #expect(parser.next() == .needMoreData)
    #expect(parser.bufferedByteCount == 25)
    parser.append(Array("\r\n".utf8))
    guard case .request(_, let consumed) = parser.next() else {
      Issue.record("expected a request")
      return
    }
    #expect(consumed == 27)
    #expect(parser.bufferedByteCount == 0)
  }

  @Test func readsAContentLengthBody() throws {
    let run = ParserRun("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
    #expect(run.requests.map(\.body) == [Data("hello world".utf8)])
    #expect(run.ending == .needMoreData)
  }

  @Test func decodesAChunkedBodyAndDropsTrailers() throws {
    let text =
      "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
      + "5;name=value\r\nhello\r\n6 \r\n world\r\nA\r\n and more!\r\n0\r\nChecksum: abc\r\nX-Other: 1\r\n\r\n"
    let run = ParserRun(text)
    let request = try #require(run.requests.first)
    #expect(request.body == Data("hello world and more!".utf8))
    #expect(request.header("Checksum") == nil)
    #expect(run.consumed == [text.utf8.count])
  }

  @Test func servesPipelinedRequestsInOrder() {
    let first = requestText("GET", "/one")
    let second = requestText("POST", "/two", body: "abc")
    let third = requestText("DELETE", "/three", headers: ["Connection: close"])
    let run = ParserRun(first + second + third)
    #expect(run.requests.map(\.target) == ["/one", "/two", "/three"])
    #expect(run.requests.map(\.body) == [Data(), Data("abc".utf8), Data()])
    #expect(run.consumed == [first.utf8.count, second.utf8.count, third.utf8.count])
    #expect(run.keepAlive == [true, true, false])
  }

  @Test func skipsEmptyLinesBeforeARequestAndCountsThem() {
    let run = ParserRun("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(run.requests.count == 1)
    #expect(run.consumed == [31])
  }

  @Test(arguments: [
    ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", true) as (WireText, Bool),
    ("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false),
    ("GET / HTTP/1.1\r\nHost: x\r\nConnection: TE, Close\r\n\r\n", false),
    ("GET / HTTP/1.0\r\n\r\n", false),
    ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
  ])
  func decidesWhetherTheConnectionStaysOpen(input: WireText, keepsAlive: Bool) {
    #expect(ParserRun(input.text).keepAlive == [keepsAlive])
  }

  @Test func acceptsRepeatedIdenticalContentLengths() {
    let run = ParserRun("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok")
    #expect(run.requests.map(\.body) == [Data("ok".utf8)])
  }

  @Test func announcesAnExpectedContinueUntilTheBodyArrives() {
    var parser = HTTPRequestParser()
    parser.append(Array("PUT /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n".utf8))
    #expect(parser.next() == .needMoreData)
    #expect(parser.awaitsContinue)
    parser.append(Array("abc".utf8))
    guard case .request(let request, _) = parser.next() else {
      Issue.record("expected a request")
      return
    }
    #expect(request.body == Data("abc".utf8))
    #expect(!parser.awaitsContinue)
  }

  static let malformed: [(WireText, Int)] = [
    // Framing
    ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
    ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
    ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ,\r\n\r\n", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3x\r\n\r\nabc", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\nab", 400),
    // Request line
    ("GET /\r\nHost: x\r\n\r\n", 400),
    ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400),
    ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("GET /a\u{7F}b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("GET / http/1.1\r\nHost: x\r\n\r\n", 400),
    ("GET / HTTP/0.9\r\nHost: x\r\n\r\n", 400),
    ("GET / HTTP/1.10\r\nHost: x\r\n\r\n", 400),
    ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    ("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
    ("GET / HTTP/3\r\nHost: x\r\n\r\n", 505),
    // Header lines
    ("GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", 400),
    ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
    ("GET / HTTP/1.1\r\nHost: x\r\n: empty name\r\n\r\n", 400),
    ("GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n", 400),
    ("GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\u{1}b\r\n\r\n", 400),
    ("GET / HTTP/1.1\r\nHost: x\r\nX Bad: a\r\n\r\n", 400),
    ("GET / HTTP/1.1\r\n\r\n", 400),
    ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    // Line ends
    ("GET / HTTP/1.1\nHost: x\n\n", 400),
    ("GET / HTTP/1.1\rHost: x\r\n\r\n", 400),
    ("\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    // Chunks
    ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400),
    ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n", 400),
  ]

  @Test(arguments: malformed)
  func refusesMalformedRequests(input: WireText, status: Int) {
    for pieceSize in [nil, 1] {
      let run = ParserRun(input.text, pieceSize: pieceSize)
      #expect(run.requests.isEmpty)
      #expect(run.failureStatus == status, "fed in pieces of \(pieceSize.map(String.init) ?? "all")")
    }
  }

  @Test func refusesAnOversizedHeadBeforeItEnds() {
    let text = "GET / HTTP/1.1\r\nHost: x\r\nX-Padding: " + String(repeating: "a", count: 200)
    let run = ParserRun(text, maxHeadBytes: 100)
    #expect(run.failureStatus == 431)
  }

  @Test func acceptsAHeadOfExactlyTheLimit() {
    let text = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    #expect(ParserRun(text, maxHeadBytes: text.utf8.count).requests.count == 1)
    #expect(ParserRun(text, maxHeadBytes: text.utf8.count - 1).failureStatus == 431)
  }

  @Test func refusesAnOversizedBodyAsSoonAsItIsAnnounced() {
    let lengthRun = ParserRun("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", maxBodyBytes: 10)
    #expect(lengthRun.failureStatus == 413)
    let hugeRun = ParserRun("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
    #expect(hugeRun.failureStatus == 413)
    let chunkRun = ParserRun(
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\n", maxBodyBytes: 10)
    #expect(chunkRun.failureStatus == 413)
    let hexRun = ParserRun(
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFFFF\r\n")
    #expect(hexRun.failureStatus == 413)
  }

  @Test func refusesEndlessEmptyLinesBeforeARequest() {
    let run = ParserRun(String(repeating: "\r\n", count: 100), maxHeadBytes: 64)
    #expect(run.failureStatus == 431)
  }

  @Test func refusesChunkFramingOutOfProportionToTheData() {
    let extensionText = ";" + String(repeating: "e", count: 4000)
    let chunks = String(repeating: "1\(extensionText)\r\na\r\n", count: 20)
    let run = ParserRun("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
    #expect(run.failureStatus == 413)
    // Ordinary chunking is nowhere near the allowance.
    let modest = String(repeating: "1;e=1\r\na\r\n", count: 500) + "0\r\n\r\n"
    let fine = ParserRun("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + modest)
    #expect(fine.requests.first?.body.count == 500)
  }

  @Test func refusesAnOversizedTrailerSection() {
    let text =
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: "
      + String(repeating: "t", count: 300)
    #expect(ParserRun(text, maxHeadBytes: 200).failureStatus == 431)
  }

  @Test func staysFailedAfterAFailure() {
    var parser = HTTPRequestParser()
    parser.append(Array("BROKEN\r\n\r\n".utf8))
    #expect(parser.next() == .failure(status: 400, reason: "malformed request line; expected 'METHOD TARGET HTTP/1.1'"))
    parser.append(Array(requestText().utf8))
    guard case .failure(400, _) = parser.next() else {
      Issue.record("expected the failure to persist")
      return
    }
  }

  static let wellFormed: [WireText] = [
    WireText(requestText("GET", "/a") + requestText("POST", "/b", body: "payload") + requestText("HEAD", "/c")),
    WireText(
      "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5\r\npedia\r\n0\r\n\r\n"
        + requestText("GET", "/after-chunked")),
    "\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    "PUT /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
  ]

  /// However the bytes are split into reads, the parser must see the same
  /// requests: this is what the server relies on for partial reads.
  @Test(arguments: wellFormed + malformed.map(\.0))
  func givesTheSameResultHoweverTheInputIsSplit(input: WireText) {
    let whole = ParserRun(input.text)
    for pieceSize in [1, 2, 3, 7, 64] {
      #expect(ParserRun(input.text, pieceSize: pieceSize) == whole, "pieces of \(pieceSize)")
    }
  }
}
