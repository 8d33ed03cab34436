/// The scopes of one token and what they allow on package routes.
struct TokenScopes: Sendable {
  let names: [String]

  /// Whether the token was limited to public resources.
  var isPublicOnly: Bool { names.contains("public-only") }

  /// Whether the scopes allow a request that reads (`forWrite == false`) or
  /// changes packages, in the vocabulary of `model`.
  func allowsPackages(forWrite: Bool, model: TokenScopeModel) -> Bool {
    let accepted: [String]
    switch model {
    case .unscoped:
      return true
    case .legacyWithDeleteScope:
      accepted = forWrite ? ["delete:package", "package", "all"] : ["read:package", "write:package", "package", "all"]
    case .readWrite:
      accepted = forWrite ? ["write:package", "all"] : ["read:package", "write:package", "all"]
    }
    // A token has a handful of scopes: a linear search beats building sets.
    return names.contains { accepted.contains($0) }
  }

  /// The scope a request needs, as the 403 message names it.
  static func requiredScope(forWrite: Bool, model: TokenScopeModel) -> String {
    switch model {
    case .legacyWithDeleteScope: forWrite ? "delete:package" : "read:package"
    case .unscoped, .readWrite: forWrite ? "write:package" : "read:package"
    }
  }

  /// The 403 message for a token without the needed scope.
  func missingScopeMessage(forWrite: Bool, profile: GiteaProfile) -> String {
    let required = Self.requiredScope(forWrite: forWrite, model: profile.tokenScopes)
    switch profile.scopeMessageStyle {
    case .singleRequiredScope:
      return "token does not have required scope: \(required)"
    case .requiredScopeList:
      return "token does not have at least one of required scope(s): [\(required)]"
    case .requiredAndTokenScope:
      return "token does not have at least one of required scope(s), required=[\(required)], token scope=\(normalized)"
    }
  }

  private static let categories = [
    "activitypub", "admin", "misc", "notification", "organization", "package", "issue", "repository", "user",
  ]

  /// The scope string as Gitea normalises it: `public-only` first, then one
  /// `write:` or `read:` entry per category in Gitea's category order, with
  /// "write on everything" shortened to `all`.
  var normalized: String {
    let granted = Set(names)
    let hasAll = granted.contains("all")
    var parts: [String] = []
    if isPublicOnly { parts.append("public-only") }
    var writesEverything = true
    var categoryParts: [String] = []
    for category in Self.categories {
      if hasAll || granted.contains("write:\(category)") {
        categoryParts.append("write:\(category)")
      } else {
        writesEverything = false
        if granted.contains("read:\(category)") {
          categoryParts.append("read:\(category)")
        }
      }
    }
    parts.append(contentsOf: writesEverything ? ["all"] : categoryParts)
    return parts.joined(separator: ",")
  }
}
