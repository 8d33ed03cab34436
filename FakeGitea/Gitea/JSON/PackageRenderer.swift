import Foundation

/// Renders Package, User and PackageFile objects as the profile's version
/// of Gitea does (`services/convert`), for one doer.
///
/// User objects depend only on the doer, so each is encoded once per request.
struct PackageRenderer {
  let profile: GiteaProfile
  let rootURL: String
  let offsetSeconds: Int
  let doer: GiteaUser?
  private var encodedUsers: [Int64: [UInt8]] = [:]

  init(profile: GiteaProfile, rootURL: String, offsetSeconds: Int, doer: GiteaUser?) {
    self.profile = profile
    self.rootURL = rootURL
    self.offsetSeconds = offsetSeconds
    self.doer = doer
  }

  /// `ToPackage`.
  mutating func package(_ version: StoredVersion, store: GiteaStore) -> GoJSON {
    guard let package = store.package(id: version.packageID), let owner = store.user(id: package.ownerID) else {
      return .null
    }
    var members: [(String, GoJSON)] = [
      ("id", .integer(version.id)),
      ("owner", user(owner)),
      ("repository", .null),
      ("creator", store.user(id: version.creatorID).map { user($0) } ?? ghostUser()),
      ("type", .string(package.type)),
      ("name", .string(package.name)),
      ("version", .string(version.version)),
    ]
    if profile.includesPackageHTMLURL {
      let url =
        rootURL + GoURLEscaping.pathEscape(owner.login) + "/-/packages/" + package.type + "/"
        + GoURLEscaping.pathEscape(package.lowerName) + "/" + GoURLEscaping.pathEscape(version.lowerVersion)
      members.append(("html_url", .string(url)))
    }
    members.append(("created_at", .string(time(version.createdUnix))))
    return .object(members)
  }

  /// `ToPackageFile` for every file of a version.
  func files(_ version: StoredVersion) -> GoJSON {
    .array(
      version.files.map { file in
        .object([
          ("id", .integer(file.id)),
          (profile.fileSizeKey, .integer(file.size)),
          ("name", .string(file.name)),
          ("md5", .string(file.hashes.md5)),
          ("sha1", .string(file.hashes.sha1)),
          ("sha256", .string(file.hashes.sha256)),
          ("sha512", .string(file.hashes.sha512)),
        ])
      })
  }

  /// `ToUser(user, doer)`: private details only for the user themself or an
  /// admin; the real email only for signed-in doers.
  mutating func user(_ user: GiteaUser) -> GoJSON {
    if let cached = encodedUsers[user.id] {
      return .raw(cached)
    }
    let encoded = renderUser(user).bytes
    encodedUsers[user.id] = encoded
    return .raw(encoded)
  }

  private func renderUser(_ user: GiteaUser) -> GoJSON {
    let signed = doer != nil
    let authed = doer.map { $0.isAdmin || $0.id == user.id } ?? false
    let fields = profile.userFields
    let host = URLParts.host(of: rootURL)
    let createdUnix = GoTimeFormat.unixSeconds(user.created)
    var members: [(String, GoJSON)] = [("id", .integer(user.id)), ("login", .string(user.login))]
    if fields.loginName { members.append(("login_name", .string(""))) }
    if fields.sourceID { members.append(("source_id", .integer(0))) }
    members.append(("full_name", .string("")))
    members.append(("email", .string(signed ? user.email : "\(user.lowerLogin)@noreply.\(host)")))
    members.append(("avatar_url", .string(rootURL + "avatars/" + user.avatarHash)))
    if fields.htmlURL { members.append(("html_url", .string(rootURL + GoURLEscaping.pathEscape(user.login)))) }
    members.append(("language", .string("")))
    members.append(("is_admin", .bool(authed && user.isAdmin)))
    let lastLogin = user.isOrganization ? time(0) : time(createdUnix)
    members.append(("last_login", .string(authed ? lastLogin : GoTimeFormat.zeroTime)))
    members.append(("created", .string(time(createdUnix))))
    members.append(("restricted", .bool(false)))
    members.append(("active", .bool(authed)))
    members.append(("prohibit_login", .bool(false)))
    members.append(("location", .string("")))
    members.append(("website", .string("")))
    members.append(("description", .string("")))
    if fields.pronouns { members.append(("pronouns", .string(""))) }
    members.append(("visibility", .string(user.visibility.rawValue)))
    members.append(("followers_count", .integer(0)))
    members.append(("following_count", .integer(0)))
    members.append(("starred_repos_count", .integer(0)))
    if fields.usernameAlias { members.append(("username", .string(user.login))) }
    return .object(members)
  }

  /// Gitea's stand-in for a deleted creator.
  private mutating func ghostUser() -> GoJSON {
    user(GiteaUser(id: -1, seed: SeedUser(login: "Ghost", email: "")))
  }

  private func time(_ unixSeconds: Int64) -> String {
    GoTimeFormat.rfc3339(unixSeconds: unixSeconds, offsetSeconds: offsetSeconds)
  }
}

/// Small helpers for ROOT_URL.
enum URLParts {
  /// The host of an absolute URL, without port (`gitea.test`).
  static func host(of url: String) -> String {
    var rest = Substring(url)
    if let range = rest.range(of: "://") { rest = rest[range.upperBound...] }
    if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
    if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
    if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { return String(rest[...close]) }
    if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
    return String(rest)
  }

  /// ROOT_URL always ends with `/`, as Gitea normalises it.
  static func normalizedRoot(_ url: String) -> String {
    url.hasSuffix("/") ? url : url + "/"
  }
}
