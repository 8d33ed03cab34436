import Foundation

/// The names one probe run uses: the real owner and package, and the random
/// names of things that must not exist.
struct ProbeNames: Sendable {
  var owner: String
  var package: String
  /// `registry-gc-probe-<uuid>`: the missing owner, package and version.
  var random: String
  /// 40 hex digits no server issued as a token.
  var bogusToken: String

  /// Fresh random names for a run against a real server.
  static func fresh(owner: String, package: String) -> ProbeNames {
    let hex = (UUID().uuidString + UUID().uuidString).lowercased().filter(\.isHexDigit)
    return ProbeNames(
      owner: owner, package: package, random: "registry-gc-probe-" + UUID().uuidString.lowercased(),
      bogusToken: String(hex.prefix(40)))
  }

  /// Fixed names, for fakes (placeholders hide them in the answers anyway).
  static func fixed(owner: String, package: String) -> ProbeNames {
    ProbeNames(
      owner: owner, package: package, random: "registry-gc-probe-00000000-0000-4000-8000-000000000000",
      bogusToken: String(repeating: "0badc0de", count: 5))
  }

  /// `template` with its placeholders replaced, each percent-encoded as one
  /// path segment (or query value); `nil` when it needs `{version}` and
  /// there is none.
  func fill(_ template: String, version: String?) -> String? {
    var text = template
    if text.contains("{version}") {
      guard let version else { return nil }
      text = text.replacingOccurrences(of: "{version}", with: Self.escaped(version))
    }
    return
      text
      .replacingOccurrences(of: "{owner}", with: Self.escaped(owner))
      .replacingOccurrences(of: "{package}", with: Self.escaped(package))
      .replacingOccurrences(of: "{random}", with: Self.escaped(random))
      .replacingOccurrences(of: "{bogus-token}", with: Self.escaped(bogusToken))
  }

  /// Unreserved characters stay; everything else, `/` and `:` included, is
  /// percent-encoded, as a path segment must be for Gitea.
  static func escaped(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
  }

  private static let unreserved = CharacterSet(
    charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
