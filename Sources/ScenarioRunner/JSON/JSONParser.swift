import Foundation

/// A strict RFC 8259 JSON parser that remembers where every value came from.
///
/// Unlike `JSONDecoder` it rejects everything the standard does not allow
/// (trailing commas, comments, single quotes, `NaN`, leading zeros or `+` in
/// numbers, raw control characters in strings, unpaired surrogate escapes,
/// invalid UTF-8, trailing content) and also duplicate keys in one object and
/// nesting deeper than a limit. A UTF-8 byte order mark is skipped. Every error is
/// a `Diagnostic` with the exact line and column and a message saying what was
/// expected and what was found; attach the file name with `Diagnostic.inFile(_:)`.
public enum JSONParser {
  /// How many arrays and objects may be nested inside each other by default.
  public static let defaultMaximumDepth = 256

  /// Parses `data`, which must hold exactly one JSON value.
  public static func parse(_ data: Data, maximumDepth: Int = defaultMaximumDepth) throws(Diagnostic) -> JSONNode {
    let bytes = [UInt8](data)
    let result = bytes.withUnsafeBufferPointer { buffer -> Result<JSONNode, Diagnostic> in
      var scanner = JSONScanner(bytes: buffer, maximumDepth: maximumDepth)
      do throws(Diagnostic) {
        return .success(try scanner.parseDocument())
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Parses the UTF-8 encoding of `text`.
  public static func parse(_ text: String, maximumDepth: Int = defaultMaximumDepth) throws(Diagnostic) -> JSONNode {
    try parse(Data(text.utf8), maximumDepth: maximumDepth)
  }

  /// Reads and parses the file at `url`. Diagnostics, including the one for a file
  /// that cannot be read, name the file as `displayPath` (by default the URL's path).
  public static func parse(
    contentsOf url: URL,
    displayPath: String? = nil,
    maximumDepth: Int = defaultMaximumDepth
  ) throws(Diagnostic) -> JSONNode {
    let shownPath = displayPath ?? url.path
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
      throw Diagnostic(file: shownPath, message: "cannot read the file: \(reason)")
    }
    do throws(Diagnostic) {
      return try parse(data, maximumDepth: maximumDepth)
    } catch {
      throw error.inFile(shownPath)
    }
  }
}
