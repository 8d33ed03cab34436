import Foundation

/// The initial contents of an `InMemoryGitea`.
///
/// Package owners and token users that are not in `users` are created as
/// public, non-admin users. User ids follow the order: `users`, then token
/// users, then owners and creators. Version ids follow `created` (oldest
/// first, ties in seed order), as if the versions had been pushed in time order.
public struct GiteaSeed: Sendable, Hashable {
  public var users: [SeedUser]
  public var tokens: [SeedToken]
  public var packages: [SeedPackage]

  public init(users: [SeedUser] = [], tokens: [SeedToken] = [], packages: [SeedPackage] = []) {
    self.users = users
    self.tokens = tokens
    self.packages = packages
  }

  /// The creation time given to seeded users without one: 2020-01-01T00:00:00Z.
  public static let defaultUserCreated = Date(timeIntervalSince1970: 1_577_836_800)
}
