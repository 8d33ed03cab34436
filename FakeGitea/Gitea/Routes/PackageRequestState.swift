/// What the middleware chain learns about a packages request as it runs.
struct PackageRequestState {
  let route: RouteDefinition
  let parameters: [String: String]
  let authentication: Authentication
  var owner: GiteaUser?
  var accessMode: AccessMode = .none
  var package: StoredPackage?
  var version: StoredVersion?

  var doer: GiteaUser? { authentication.user }
  var type: String { parameters["type"] ?? "" }
  var name: String { parameters["name"] ?? "" }
  var versionName: String { parameters["version"] ?? "" }
  var isAdmin: Bool { doer?.isAdmin ?? false }
}

/// Why a packages request was refused, with a hint for the journal.
struct AccessRefusal {
  let response: ServerResponse
  let nearMiss: String?
}
