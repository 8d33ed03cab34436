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
    var output: [UInt8] = []
    output.reserveCapacity(1536)
    guard writePackage(version, store: store, into: &output) else { return .null }
    return .raw(output)
  }

  /// `ToPackage`, written straight onto `output` as JSON: a list page writes
  /// up to 50 of these, so no tree of values and no strings are built. Writes
  /// nothing and returns false when the version's package or owner is gone.
  mutating func writePackage(_ version: StoredVersion, store: GiteaStore, into output: inout [UInt8]) -> Bool {
    guard let package = store.package(id: version.packageID), let owner = store.user(id: package.ownerID) else {
      return false
    }
    // Members in Go's struct field order.
    Self.append(#"{"id":"#, to: &output)
    output.append(contentsOf: String(version.id).utf8)
    Self.append(#","owner":"#, to: &output)
    output.append(contentsOf: encodedUser(owner))
    Self.append(#","repository":null,"creator":"#, to: &output)
    if let creator = store.user(id: version.creatorID) {
      output.append(contentsOf: encodedUser(creator))
    } else {
      output.append(contentsOf: encodedGhostUser())
    }
    Self.append(#","type":"#, to: &output)
    GoJSON.writeString(package.type, into: &output)
    Self.append(#","name":"#, to: &output)
    GoJSON.writeString(package.name, into: &output)
    Self.append(#","version":"#, to: &output)
    GoJSON.writeString(version.version, into: &output)
    if profile.includesPackageHTMLURL {
      var url: [UInt8] = []
      url.reserveCapacity(rootURL.utf8.count + 128)
      url.append(contentsOf: rootURL.utf8)
      GoURLEscaping.appendPathEscaped(owner.login, to: &url)
      url.append(contentsOf: "/-/packages/".utf8)
      url.append(contentsOf: package.type.utf8)
      url.append(UInt8(ascii: "/"))
      GoURLEscaping.appendPathEscaped(package.lowerName, to: &url)
      url.append(UInt8(ascii: "/"))
      GoURLEscaping.appendPathEscaped(version.lowerVersion, to: &url)
      Self.append(#","html_url":"#, to: &output)
      url.withUnsafeBufferPointer { GoJSON.writeString(utf8: $0, into: &output) }
    }
    // RFC 3339 text has nothing JSON would escape.
    Self.append(#","created_at":""#, to: &output)
    GoTimeFormat.appendRFC3339(unixSeconds: version.createdUnix, offsetSeconds: offsetSeconds, to: &output)
    Self.append(#""}"#, to: &output)
    return true
  }

  private static func append(_ text: StaticString, to output: inout [UInt8]) {
    output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
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
    .raw(encodedUser(user))
  }

  /// ``user(_:)`` as JSON bytes, encoded once per user and request.
  private mutating func encodedUser(_ user: GiteaUser) -> [UInt8] {
    if let cached = encodedUsers[user.id] {
      return cached
    }
    let encoded = renderUser(user).bytes
    encodedUsers[user.id] = encoded
    return encoded
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

  /// Gitea's stand-in for a deleted creator, as JSON bytes.
  private mutating func encodedGhostUser() -> [UInt8] {
    if let cached = encodedUsers[Self.ghostID] { return cached }
    return encodedUser(GiteaUser(id: Self.ghostID, seed: SeedUser(login: "Ghost", email: "")))
  }

  private static let ghostID: Int64 = -1

  private func time(_ unixSeconds: Int64) -> String {
    GoTimeFormat.rfc3339(unixSeconds: unixSeconds, offsetSeconds: offsetSeconds)
  }
}

/// Small helpers for ROOT_URL.
enum URLParts {
  /// The host of an absolute URL, without port (`gitea.test`).
  static func host(of url: String) -> String {
    asciiHost(of: url) ?? characterHost(of: url)
  }

  /// ``host(of:)`` of an all-ASCII URL (ROOT_URL always is), found on bytes
  /// rather than with Foundation's string search; `nil` for any other URL.
  private static func asciiHost(of url: String) -> String? {
    let utf8 = url.utf8
    guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
    var rest = utf8[...]
    let separator = "://".utf8
    if let start = rest.indices.first(where: { rest[$0...].starts(with: separator) }) {
      rest = rest[utf8.index(start, offsetBy: separator.count)...]
    }
    if let slash = rest.firstIndex(of: UInt8(ascii: "/")) { rest = rest[..<slash] }
    if let at = rest.lastIndex(of: UInt8(ascii: "@")) { rest = rest[utf8.index(after: at)...] }
    if rest.first == UInt8(ascii: "["), let close = rest.firstIndex(of: UInt8(ascii: "]")) {
      return String(Substring(rest[...close]))
    }
    if let colon = rest.firstIndex(of: UInt8(ascii: ":")) { rest = rest[..<colon] }
    return String(Substring(rest))
  }

  private static func characterHost(of url: String) -> String {
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
