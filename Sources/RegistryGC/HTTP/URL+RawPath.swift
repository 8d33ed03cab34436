import Foundation

extension URL {
  /// This URL (a host root such as `https://git.example.com/`) followed by an
  /// already percent-encoded path and query, with no doubled slash between.
  /// The parts are encoded by the caller, so the result always parses.
  func appendingRawPath(_ pathAndQuery: String) -> URL {
    var text = absoluteString
    while text.hasSuffix("/") { text.removeLast() }
    return URL(string: text + pathAndQuery)!
  }
}
