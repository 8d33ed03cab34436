import Foundation
import Testing

@testable import RegistryGC

/// Text a server wrote reaches the terminal only with its control
/// characters escaped: a hostile answer cannot clear the screen, move the
/// cursor or retitle the window.
@Suite("PrintableText: server text made safe to print")
struct PrintableTextTests {
  @Test(
    arguments: [
      ("plain", "plain"),
      ("\u{1B}[2J", "\\u{1B}[2J"),
      ("a\u{7}b\u{0}c", "a\\u{07}b\\u{00}c"),
      ("tab\there\n", "tab\\u{09}here\\u{0A}"),
      ("é日🐳", "é日🐳"),
      ("\u{9B}31m", "\\u{9B}31m"),
    ])
  func controlCharactersAreEscaped(text: String, expected: String) {
    #expect(PrintableText.escaped(text) == expected)
    #expect(PrintableText.quoted(text) == "\"" + expected + "\"")
  }

  @Test func longTextIsCut() {
    #expect(PrintableText.escaped(String(repeating: "x", count: 10), limit: 4) == "xxxx…")
    #expect(PrintableText.escaped("xxxx", limit: 4) == "xxxx")
  }

  @Test func anErrorAnswerCannotWriteEscapesToTheTerminal() {
    let hostile = "\u{1B}]0;owned\u{7}\u{1B}[2J"
    let response = HTTPResponse(
      status: 500, headers: ["Content-Type": "text/plain\u{1B}[31m", "Server": "x\u{1B}[1m"], body: Data(hostile.utf8))
    let request = HTTPRequest(method: "DELETE", url: URL(string: "http://127.0.0.1/api/v1/packages/a/container/b/c")!)
    let message = ServerAnswer.error(for: response, to: request, userAgent: "ua").message
    #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control })
    #expect(message.contains("\\u{1B}]0;owned"))

    let gitea = HTTPResponse(
      status: 403, headers: ["Content-Type": "application/json"], body: Data(#"{"message":"no\u001b[2J"}"#.utf8))
    let quoted = ServerAnswer.error(for: gitea, to: request, userAgent: "ua").message
    #expect(!quoted.unicodeScalars.contains { $0.properties.generalCategory == .control })
  }

  @Test func aBodyThatIsNotJSONIsPreviewedSafely() throws {
    let body = Data("\u{1B}[2J\u{1B}]0;owned\u{7}<html>".utf8)
    let error = #expect(throws: ListingDecodingError.self) { try ListPageDecoder.decode(body) }
    let message = try #require(error?.message)
    #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control })
    #expect(message.contains("\\u{1B}[2J"))
  }
}
