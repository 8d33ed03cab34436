import Foundation

/// A user or organisation to create before the first request.
public struct SeedUser: Sendable, Hashable {
  public var login: String
  public var isAdmin: Bool
  public var visibility: UserVisibility
  public var isOrganization: Bool
  /// For an organisation: logins that may write its packages (owners-team
  /// style members). Members of a private organisation may also read it.
  public var members: [String]
  /// The primary email; defaults to `<lowercased login>@example.test`.
  public var email: String?
  /// A password for HTTP Basic logins without a token (no scope limits).
  public var password: String?
  /// When the account was created; defaults to 2020-01-01T00:00:00Z.
  public var created: Date?

  public init(
    login: String,
    isAdmin: Bool = false,
    visibility: UserVisibility = .public,
    isOrganization: Bool = false,
    members: [String] = [],
    email: String? = nil,
    password: String? = nil,
    created: Date? = nil
  ) {
    self.login = login
    self.isAdmin = isAdmin
    self.visibility = visibility
    self.isOrganization = isOrganization
    self.members = members
    self.email = email
    self.password = password
    self.created = created
  }
}
