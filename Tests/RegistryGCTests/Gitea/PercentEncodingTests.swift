import Foundation
import Testing

@testable import RegistryGC

@Suite("PercentEncoding: one path segment or query value")
struct PercentEncodingTests {
  @Test(
    "encodes everything but RFC 3986 unreserved characters",
    arguments: [
      ("team/app", "team%2Fapp"),
      ("sha256:ab", "sha256%3Aab"),
      ("app", "app"),
      ("A-Z_a.z~09", "A-Z_a.z~09"),
      ("a b", "a%20b"),
      ("a+b", "a%2Bb"),
      ("100%", "100%25"),
      ("q?x=1&y#z", "q%3Fx%3D1%26y%23z"),
      ("é", "%C3%A9"),
      ("日本", "%E6%97%A5%E6%9C%AC"),
      ("🐳", "%F0%9F%90%B3"),
      ("", ""),
      ("\n", "%0A"),
      (".", "%2E"),
      ("..", "%2E%2E"),
      ("...", "..."),
      ("a.", "a."),
    ])
  func encodes(text: String, expected: String) {
    #expect(PercentEncoding.encode(text) == expected)
  }

  @Test func encodingThenDecodingGivesTheTextBack() {
    var random = SplitMix64(seed: 7)
    let alphabet = Array("abcXYZ019-._~/:%?#&=+ @!$'()*,;[]éß日🐳\u{0}\u{7f}")
    for _ in 0..<500 {
      let text = String((0..<Int.random(in: 0...12, using: &random)).map { _ in random.pick(alphabet) })
      let encoded = PercentEncoding.encode(text)
      #expect(encoded.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~%".contains($0)) }, "\(encoded)")
      #expect(encoded.removingPercentEncoding == text, "\(text)")
    }
  }
}
