/// Gitea's `perm.AccessMode` for an owner's packages.
enum AccessMode: Int, Comparable, Sendable {
  case none = 0
  case read = 1
  case write = 2
  case owner = 4

  static func < (left: AccessMode, right: AccessMode) -> Bool { left.rawValue < right.rawValue }

  /// `determineAccessMode` (`services/context/package.go`), without teams:
  /// organisation members listed in the seed get write access.
  static func of(doer: GiteaUser?, toPackagesOf owner: GiteaUser) -> AccessMode {
    if owner.isOrganization {
      if let doer, owner.members.contains(doer.lowerLogin) {
        return .write
      }
      switch owner.visibility {
      case .public: return .read
      case .limited: return doer == nil ? .none : .read
      case .private: return .none
      }
    }
    if let doer {
      if doer.id == owner.id { return .owner }
      return owner.visibility == .private ? .none : .read
    }
    return owner.visibility == .public ? .read : .none
  }
}
