import Foundation

/// A user or organisation held by the fake.
public struct GiteaUser: Sendable, Hashable {
  public let id: Int64
  public let login: String
  /// `login` lower-cased, as Gitea's `lower_name` (worked out once, not per request).
  public let lowerLogin: String
  public let isAdmin: Bool
  public let visibility: UserVisibility
  public let isOrganization: Bool
  /// Lower-cased logins of organisation members with write access to packages.
  public let members: Set<String>
  public let email: String
  public let created: Date
  /// Secret for Basic password logins; never rendered or journaled.
  let password: String?
  /// The generated avatar's file name, as in `ROOT_URL/avatars/<hash>`.
  let avatarHash: String

  init(id: Int64, seed: SeedUser) {
    self.id = id
    self.login = seed.login
    self.lowerLogin = seed.login.lowercased()
    self.isAdmin = seed.isAdmin
    self.visibility = seed.visibility
    self.isOrganization = seed.isOrganization
    self.members = Set(seed.members.map { $0.lowercased() })
    self.email = seed.email ?? (seed.isOrganization ? "" : "\(lowerLogin)@example.test")
    self.created = seed.created ?? GiteaSeed.defaultUserCreated
    self.password = seed.password
    self.avatarHash = MD5.hexDigest(Data(lowerLogin.utf8))
  }
}
