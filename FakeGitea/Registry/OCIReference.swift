/// Syntax checks for the references and names that appear in `/v2` paths,
/// after Gitea's `modules/packages/container/oci` patterns.
enum OCIReference {
  /// `algorithm:encoded`, Gitea's digest pattern. Seeded rows such as
  /// `sha256:aaa` pass, so short test digests can be looked up.
  static func isDigest(_ text: String) -> Bool {
    guard let colon = text.firstIndex(of: ":") else { return false }
    let algorithm = text[..<colon]
    let encoded = text[text.index(after: colon)...]
    guard !encoded.isEmpty, isSeparatedLowercaseAlphanumeric(algorithm, separators: "+._-") else { return false }
    return encoded.allSatisfy { $0.isASCIIAlphanumeric || "=_-".contains($0) }
  }

  /// A digest this registry can verify: `sha256:` and 64 lower-case hex digits.
  static func isVerifiableSHA256(_ text: String) -> Bool {
    guard text.hasPrefix("sha256:") else { return false }
    let hex = text.dropFirst("sha256:".count)
    return hex.count == 64 && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
  }

  /// A tag: `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
  static func isTag(_ text: String) -> Bool {
    guard let first = text.first, first.isASCIIAlphanumeric || first == "_", text.count <= 128 else {
      return false
    }
    return text.dropFirst().allSatisfy { $0.isASCIIAlphanumeric || "._-".contains($0) }
  }

  /// An image name (lower-cased first, as Gitea stores it): path components
  /// of `[a-z0-9]+` joined by single `.`, `_` or `-`, separated by `/`.
  static func isImageName(_ text: String) -> Bool {
    let components = text.split(separator: "/", omittingEmptySubsequences: false)
    return !components.isEmpty && components.allSatisfy { isSeparatedLowercaseAlphanumeric($0, separators: "._-") }
  }

  /// Runs of `[a-z0-9]` joined by single `separators`, starting and ending
  /// with a run: a name component, or a digest's algorithm.
  private static func isSeparatedLowercaseAlphanumeric(_ text: Substring, separators: String) -> Bool {
    guard let first = text.first, first.isASCIILowercaseAlphanumeric,
      let last = text.last, last.isASCIILowercaseAlphanumeric
    else { return false }
    var previousWasSeparator = false
    for character in text {
      if separators.contains(character) {
        if previousWasSeparator { return false }
        previousWasSeparator = true
      } else if character.isASCIILowercaseAlphanumeric {
        previousWasSeparator = false
      } else {
        return false
      }
    }
    return true
  }
}

extension Character {
  fileprivate var isASCIIAlphanumeric: Bool {
    isASCII && (isLetter || isNumber)
  }

  fileprivate var isASCIILowercaseAlphanumeric: Bool {
    isASCII && (isNumber || (isLetter && isLowercase))
  }
}
