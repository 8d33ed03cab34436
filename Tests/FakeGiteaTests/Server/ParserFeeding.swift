import FakeGitea

/// Everything a parser made of one input, for comparing ways of feeding it.
struct ParserRun: Equatable {
  var requests: [ServerRequest] = []
  var consumed: [Int] = []
  var keepAlive: [Bool] = []
  /// `.needMoreData` if the input ran out, or the failure.
  var ending = HTTPRequestParser.Outcome.needMoreData

  /// Feeds `bytes` in pieces of `pieceSize` (all at once if nil), calling
  /// `next()` after each piece until it wants more data or fails.
  init(_ bytes: [UInt8], pieceSize: Int? = nil, maxHeadBytes: Int = 80 * 1024, maxBodyBytes: Int = 1024 * 1024) {
    var parser = HTTPRequestParser(maxHeadBytes: maxHeadBytes, maxBodyBytes: maxBodyBytes)
    let size = max(1, pieceSize ?? bytes.count)
    var offset = 0
    repeat {
      let end = min(bytes.count, offset + size)
      parser.append(bytes[offset..<end])
      offset = end
      // Each `.request` consumes at least one byte, so this loop ends.
      while true {
        let outcome = parser.next()
        guard case .request(let request, let count) = outcome else {
          ending = outcome
          break
        }
        requests.append(request)
        consumed.append(count)
        keepAlive.append(parser.lastRequestKeepsAlive)
      }
      if case .failure = ending { return }
    } while offset < bytes.count
  }

  init(_ text: String, pieceSize: Int? = nil, maxHeadBytes: Int = 80 * 1024, maxBodyBytes: Int = 1024 * 1024) {
    self.init(Array(text.utf8), pieceSize: pieceSize, maxHeadBytes: maxHeadBytes, maxBodyBytes: maxBodyBytes)
  }

  var failureStatus: Int? {
    if case .failure(let status, _) = ending { status } else { nil }
  }
}
