/// Runs a profile's middleware chain (`GiteaProfile.accessChecks`) in order
/// and stops at the first refusal.
struct AccessPipeline {
  let profile: GiteaProfile
  let rootURL: String
  let advisor: NearMissAdvisor

  private static let permissionMessage = "user should have specific permission or be a site admin"

  func run(_ state: inout PackageRequestState, store: GiteaStore) -> AccessRefusal? {
    for check in profile.accessChecks {
      if let refusal = perform(check, &state, store: store) {
        return refusal
      }
    }
    return nil
  }

  private func perform(_ check: AccessCheck, _ state: inout PackageRequestState, store: GiteaStore) -> AccessRefusal? {
    let isWrite = state.route.kind.isWrite
    switch check {
    case .requireToken:
      return state.doer == nil ? refuse(401, "token is required") : nil

    case .requireTokenForWrites:
      return isWrite && state.doer == nil ? refuse(401, "token is required") : nil

    case .checkTokenScope:
      guard profile.tokenScopes != .unscoped, let scopes = state.authentication.tokenScopes,
        !scopes.allowsPackages(forWrite: isWrite, model: profile.tokenScopes)
      else { return nil }
      return refuse(403, scopes.missingScopeMessage(forWrite: isWrite, profile: profile))

    case .assignOwner:
      let ownerName = state.parameters["owner"] ?? ""
      if let doer = state.doer, doer.lowerLogin == ownerName.lowercased() {
        state.owner = doer
      } else if let owner = store.user(named: ownerName) {
        state.owner = owner
      } else {
        return refuse(
          404, "user redirect does not exist [name: \(ownerName)]", nearMiss: advisor.ownerMissing(ownerName))
      }
      if let owner = state.owner {
        state.accessMode = AccessMode.of(doer: state.doer, toPackagesOf: owner)
      }
      return nil

    case .assignPackage:
      return assignPackage(&state, store: store)

    case .requireReadAccess:
      return state.accessMode < .read && !state.isAdmin ? refuse(403, Self.permissionMessage) : nil

    case .checkPublicOnlyToken:
      guard let scopes = state.authentication.tokenScopes, scopes.isPublicOnly, let owner = state.owner else {
        return nil
      }
      let refused: Bool
      switch profile.publicOnlyTokens {
      case .notEnforced: refused = false
      case .privateOwners: refused = owner.visibility == .private
      case .nonPublicOwners: refused = owner.visibility != .public
      }
      return refused ? refuse(403, "token scope is limited to public packages") : nil

    case .requireWriteAccessForWrites:
      return isWrite && state.accessMode < .write && !state.isAdmin ? refuse(403, Self.permissionMessage) : nil
    }
  }

  /// `PackageAssignmentAPI`: version routes look the version up; from 1.26
  /// every route with a package name looks the package up first.
  private func assignPackage(_ state: inout PackageRequestState, store: GiteaStore) -> AccessRefusal? {
    guard let owner = state.owner, state.parameters["name"] != nil else { return nil }
    if let message = profile.packageNotFoundMessage {
      guard let package = store.package(ownerID: owner.id, type: state.type, name: state.name) else {
        let hint =
          state.parameters["version"] != nil
          ? advisor.versionMissing(state, store: store) : advisor.packageMissing(state, store: store)
        return refuse(404, message, nearMiss: hint)
      }
      state.package = package
    }
    guard state.parameters["version"] != nil else { return nil }
    guard
      let version = store.visibleVersion(
        ownerID: owner.id, type: state.type, name: state.name, version: state.versionName)
    else {
      return refuse(404, profile.versionNotFoundMessage, nearMiss: advisor.versionMissing(state, store: store))
    }
    state.version = version
    state.package = store.package(id: version.packageID)
    return nil
  }

  private func refuse(_ status: Int, _ message: String, nearMiss: String? = nil) -> AccessRefusal {
    AccessRefusal(response: GiteaResponses.apiError(status, message, rootURL: rootURL), nearMiss: nearMiss)
  }
}
