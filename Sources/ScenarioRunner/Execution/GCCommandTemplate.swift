import Foundation
import RegistryGC

/// Maps a scenario's `gc` step onto any GC program's command line, so the
/// whole suite can judge another implementation (`--gc-command`).
///
/// The template is split into words as a shell would (spaces separate words;
/// single or double quotes group them). In each word these placeholders are
/// replaced; a word that ends up empty is dropped:
///
/// | placeholder | value |
/// |---|---|
/// | `{baseURL}` | the fake's URL, `http://127.0.0.1:PORT` |
/// | `{owner}`, `{package}` | the step's owner and (first) package |
/// | `{keepDays}`, `{keepLatest}` | the step's values, or 180 and 6 |
/// | `{token}` | the step's token, or the scenario's first token |
/// | `{now}` | the scenario's clock, RFC 3339 |
/// | `{userAgent}` | the step's userAgent, or empty |
/// | `{dryRun:TEXT}` | TEXT when the step is a dry run, else empty |
///
/// The program also gets `GITEA_HOST`, `GITEA_TOKEN` and `GC_NOW` in its environment.
public struct GCCommandTemplate: Sendable, Equatable {
  public var words: [String]

  public struct ParseError: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  public init(parsing text: String) throws(ParseError) {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    for character in text {
      if let open = quote {
        if character == open { quote = nil } else { current.append(character) }
      } else if character == "'" || character == "\"" {
        quote = character
        inWord = true
      } else if character == " " || character == "\t" {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(character)
        inWord = true
      }
    }
    guard quote == nil else { throw ParseError(description: "the GC command has an unclosed quote") }
    if inWord { words.append(current) }
    guard !words.isEmpty else { throw ParseError(description: "the GC command is empty") }
    self.words = words
  }

  func values(for gc: GCStep, baseURL: String, token: String?, now: Scenario) -> [String: String] {
    [
      "baseURL": baseURL, "owner": gc.owner, "package": gc.packages.first ?? "",
      "keepDays": String(gc.keepDays ?? KeepPolicy.defaultKeepDays),
      "keepLatest": String(gc.keepLatest ?? KeepPolicy.defaultKeepLatest), "token": token ?? "",
      "now": Timestamp.format(now.now), "userAgent": gc.userAgent ?? "",
    ]
  }

  func argv(for gc: GCStep, baseURL: String, token: String?, now: Scenario) -> [String] {
    let values = values(for: gc, baseURL: baseURL, token: token, now: now)
    return words.compactMap { word in
      let expanded = Self.expand(word, values: values, dryRun: gc.dryRun)
      return expanded.isEmpty ? nil : expanded
    }
  }

  func environment(for gc: GCStep, baseURL: String, token: String?, now: Scenario, base: [String: String]) -> [String: String] {
    var environment = base
    environment["GITEA_HOST"] = baseURL
    environment["GITEA_TOKEN"] = token ?? ""
    environment["GC_NOW"] = Timestamp.format(now.now)
    return environment
  }

  static func expand(_ word: String, values: [String: String], dryRun: Bool) -> String {
    var result = ""
    var rest = word[...]
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      result += rest[..<open]
      let name = rest[rest.index(after: open)..<close]
      if name.hasPrefix("dryRun:") {
        result += dryRun ? String(name.dropFirst("dryRun:".count)) : ""
      } else if let value = values[String(name)] {
        result += value
      } else {
        result += rest[open...close]
      }
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }
}
