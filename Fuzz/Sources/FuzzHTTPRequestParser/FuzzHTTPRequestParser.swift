// Built by SwiftPM the parser comes from the FakeGitea module; built with
// swiftc directly (see README.md) its sources are compiled in alongside.
#if canImport(FakeGitea)
  import FakeGitea
#endif

/// libFuzzer entry point: parses the input twice, once handed over whole and
/// once a byte at a time, and traps if the two disagree or an invariant
/// breaks. A trap inside the parser itself (index out of range, overflow)
/// is reported by libFuzzer just the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let whole = ParseTrace(bytes, pieceSize: max(1, bytes.count))
  let byteByByte = ParseTrace(bytes, pieceSize: 1)
  precondition(whole == byteByByte, "parser result depends on how the input is split")
  precondition(whole.consumed.allSatisfy { $0 > 0 }, "a request consumed no bytes")
  precondition(whole.consumed.reduce(0, +) <= bytes.count, "requests consumed more bytes than were given")
  precondition(whole.bodySizes.allSatisfy { $0 <= ParseTrace.maxBodyBytes }, "a body exceeds the limit")
  return 0
}

/// What a parser produced from one input.
struct ParseTrace: Equatable {
  static let maxHeadBytes = 1024
  static let maxBodyBytes = 2048

  var requests: [ServerRequest] = []
  var consumed: [Int] = []
  var bodySizes: [Int] = []
  var ending = HTTPRequestParser.Outcome.needMoreData

  init(_ bytes: [UInt8], pieceSize: Int) {
    var parser = HTTPRequestParser(maxHeadBytes: Self.maxHeadBytes, maxBodyBytes: Self.maxBodyBytes)
    var offset = 0
    while offset < bytes.count {
      let end = min(bytes.count, offset + pieceSize)
      parser.append(bytes[offset..<end])
      offset = end
      while case .request(let request, let count) = parser.next() {
        requests.append(request)
        consumed.append(count)
        bodySizes.append(request.body.count)
      }
      ending = parser.next()
      if case .failure = ending { return }
    }
  }
}
