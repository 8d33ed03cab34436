/// Gitea's visibility levels for users and organisations.
public enum UserVisibility: String, Sendable, Hashable, CaseIterable {
  /// Seen by everyone, anonymous visitors included.
  case `public`
  /// Seen by signed-in users only.
  case limited
  /// Seen by the user (or the organisation's members) and site admins only.
  case `private`
}
