import FakeGitea
import Foundation
import Testing

@testable import ScenarioRunner

/// `compare OLD NEW` on recordings of two profiles lists exactly the
/// differences their tables describe. Expected values are built from the
/// profile tables (messages, endpoints, user fields, tie-break), not copied
/// from the output.
@Suite struct ProbeComparisonTests {
  struct Change: Hashable, CustomStringConvertible {
    let probe: String
    let field: String
    let old: String
    let new: String

    init(_ probe: String, _ field: String, _ old: String, _ new: String) {
      self.probe = probe
      self.field = field
      self.old = old
      self.new = new
    }

    init(_ difference: ProbeDifference) {
      self.init(difference.probe, difference.field, difference.expected, difference.seen)
    }

    var description: String { "\(probe) · \(field): \(old) → \(new)" }
  }

  static let absent = AnswerField.absent

  /// The User keys of the spec (§3), plus the optional ones the profile's `userFields` turn on.
  static func userKeys(_ profile: GiteaProfile) -> String {
    var keys = [
      "active", "avatar_url", "created", "description", "email", "followers_count", "following_count", "full_name",
      "id", "is_admin", "language", "last_login", "location", "login", "prohibit_login", "restricted",
      "starred_repos_count", "visibility", "website",
    ]
    let fields = profile.userFields
    if fields.loginName { keys.append("login_name") }
    if fields.sourceID { keys.append("source_id") }
    if fields.htmlURL { keys.append("html_url") }
    if fields.pronouns { keys.append("pronouns") }
    if fields.usernameAlias { keys.append("username") }
    return keys.sorted().joined(separator: ",")
  }

  /// The Package keys of the spec (§3), `html_url` where the profile has it.
  static func packageKeys(_ profile: GiteaProfile) -> String {
    var keys = ["created_at", "creator", "id", "name", "owner", "repository", "type", "version"]
    if profile.includesPackageHTMLURL { keys.append("html_url") }
    return keys.sorted().joined(separator: ",")
  }

  static func invalidTokenMessage(_ profile: GiteaProfile) -> String? {
    guard case .rejected(let template) = profile.invalidCredentials else { return nil }
    return template.replacingOccurrences(of: "{name}", with: "")
  }

  static func tieOrder(_ profile: GiteaProfile) -> String {
    switch profile.tieBreak {
    case .unordered: "mixed"
    case .idAscending: "id ascending"
    case .idDescending: "id descending"
    }
  }

  /// Records both profiles over loopback and compares old → new.
  func changes(from old: GiteaProfile, to new: GiteaProfile) async throws -> Set<Change> {
    let oldFake = try LoopbackGitea(profile: old)
    defer { oldFake.stop() }
    let newFake = try LoopbackGitea(profile: new)
    defer { newFake.stop() }
    let comparison = RecordingComparison(old: try await oldFake.probe(), new: try await newFake.probe())
    #expect(comparison.warnings.isEmpty)
    let changes = comparison.changes.map(Change.init)
    #expect(Set(changes).count == changes.count, "a change is listed twice")
    return Set(changes)
  }

  /// The reported version's change, always listed.
  static func versionChange(_ old: GiteaProfile, _ new: GiteaProfile) -> Change {
    Change("version", AnswerField.reportedVersion, old.serverVersion, new.serverVersion)
  }

  @Test func gitea1_23ToGitea1_24() async throws {
    let old = GiteaProfile.gitea1_23
    let new = GiteaProfile.gitea1_24
    #expect(new.accessChecks.first == .requireToken && old.accessChecks.first != .requireToken)
    let oldMessage = old.versionNotFoundMessage  // package does not exist
    let newMessage = new.versionNotFoundMessage  // GetVersionByNameAndVersion: package does not exist
    var expected: Set<Change> = [Self.versionChange(old, new)]
    // The version-not-found message gains its prefix wherever a missing version is asked for.
    for probe in ["versions-path", "missing-version", "delete-check", "delete-missing-version"] {
      expected.insert(Change(probe, AnswerField.message, oldMessage, newMessage))
    }
    // Token first: anonymous requests get 401 before the version is looked up.
    // (The anonymous *list* is 401 in both: 1.19–1.23 check the token after the owner.)
    expected.insert(Change("missing-version-anonymous", AnswerField.status, "404", "401"))
    expected.insert(Change("missing-version-anonymous", AnswerField.message, oldMessage, "token is required"))
    // `Size` becomes `size`.
    expected.insert(
      Change(
        "existing-version-files", AnswerField.keys, "\(old.fileSizeKey),id,md5,name,sha1,sha256,sha512",
        "id,md5,name,sha1,sha256,sha512,\(new.fileSizeKey)"))
    // list-versions and -/latest appear: plain-text 404 before, JSON after.
    let plainNotFound: [(String, String)] = [
      (AnswerField.status, "404"), (AnswerField.contentType, "text/plain"), (AnswerField.body, "text"),
      (AnswerField.text, "404 page not found"),
    ]
    let listVersions: [(String, String)] = [
      (AnswerField.status, "200"), (AnswerField.contentType, "application/json"), (AnswerField.body, "json"),
      (AnswerField.json, "array"), (AnswerField.keys, Self.packageKeys(new)),
      (AnswerField.ownerKeys, Self.userKeys(new)), (AnswerField.creatorKeys, Self.userKeys(new)),
      (AnswerField.rows, "30 of more"), (AnswerField.ties, Self.tieOrder(new)), (AnswerField.link, "next,last"),
    ]
    let latest: [(String, String)] = [
      (AnswerField.status, "200"), (AnswerField.contentType, "application/json"), (AnswerField.body, "json"),
      (AnswerField.json, "object"), (AnswerField.keys, Self.packageKeys(new)),
      (AnswerField.ownerKeys, Self.userKeys(new)), (AnswerField.creatorKeys, Self.userKeys(new)),
    ]
    // A missing package: 200 [] from list-versions (no package lookup before
    // 1.26), and the generic NotFound from -/latest.
    let emptyList: [(String, String)] = [
      (AnswerField.status, "200"), (AnswerField.contentType, "application/json"), (AnswerField.body, "json"),
      (AnswerField.json, "empty array"), (AnswerField.rows, "0 of 0"),
    ]
    let genericNotFound: [(String, String)] = [
      (AnswerField.status, "404"), (AnswerField.contentType, "application/json"), (AnswerField.body, "json"),
      (AnswerField.json, "object"), (AnswerField.keys, "errors,message,url"), (AnswerField.errors, "null"),
      (AnswerField.message, new.notFoundMessage),
    ]
    for (probe, after) in [
      ("list-versions", listVersions), ("latest", latest), ("list-versions-missing-package", emptyList),
      ("latest-missing-package", genericNotFound),
    ] {
      let before = Dictionary(uniqueKeysWithValues: plainNotFound)
      let now = Dictionary(uniqueKeysWithValues: after)
      for field in Set(before.keys).union(now.keys) where before[field] != now[field] {
        expected.insert(Change(probe, field, before[field] ?? Self.absent, now[field] ?? Self.absent))
      }
    }
    let changes = try await changes(from: old, to: new)
    #expect(
      changes == expected, "unexpected: \(changes.subtracting(expected)); missing: \(expected.subtracting(changes))")
  }

  @Test func gitea1_25_1ToGitea1_25() async throws {
    let old = GiteaProfile.gitea1_25_1
    let new = GiteaProfile.gitea1_25
    let oldMessage = try #require(Self.invalidTokenMessage(old))
    let newMessage = try #require(Self.invalidTokenMessage(new))
    // The re-push bug is not observable without pushing; only the credential message shows.
    let expected: Set<Change> = [
      Self.versionChange(old, new),
      Change("list-invalid-token", AnswerField.message, oldMessage, newMessage),
      Change("list-query-token", AnswerField.message, oldMessage, newMessage),
    ]
    #expect(try await changes(from: old, to: new) == expected)
  }

  @Test func gitea1_21ToGitea1_22() async throws {
    let old = GiteaProfile.gitea1_21
    let new = GiteaProfile.gitea1_22
    var expected: Set<Change> = [Self.versionChange(old, new)]
    // `source_id` joins the User object in every answer carrying packages.
    for probe in ["list", "list-limit-100", "list-python-urllib", "existing-version"] {
      expected.insert(Change(probe, AnswerField.ownerKeys, Self.userKeys(old), Self.userKeys(new)))
      expected.insert(Change(probe, AnswerField.creatorKeys, Self.userKeys(old), Self.userKeys(new)))
    }
    // Ties get a tie-breaker (id ascending) where the rows show ties (the
    // list variants ask for one row, which has none).
    for probe in ["list", "list-limit-100"] {
      expected.insert(Change(probe, AnswerField.ties, Self.tieOrder(old), Self.tieOrder(new)))
    }
    // The invalid-token message loses `keyid`.
    let oldMessage = try #require(Self.invalidTokenMessage(old))
    let newMessage = try #require(Self.invalidTokenMessage(new))
    expected.insert(Change("list-invalid-token", AnswerField.message, oldMessage, newMessage))
    expected.insert(Change("list-query-token", AnswerField.message, oldMessage, newMessage))
    let changes = try await changes(from: old, to: new)
    #expect(
      changes == expected, "unexpected: \(changes.subtracting(expected)); missing: \(expected.subtracting(changes))")
  }

  @Test func gitea1_25ToGitea1_26() async throws {
    let old = GiteaProfile.gitea1_25
    let new = GiteaProfile.gitea1_26
    let packageMissing = try #require(new.packageNotFoundMessage)
    let expected: Set<Change> = [
      Self.versionChange(old, new),
      // The package is looked up first: list-versions of a missing package is a 404 …
      Change("list-versions-missing-package", AnswerField.status, "200", "404"),
      Change("list-versions-missing-package", AnswerField.json, "empty array", "object"),
      Change("list-versions-missing-package", AnswerField.keys, Self.absent, "message,url"),
      Change("list-versions-missing-package", AnswerField.message, Self.absent, packageMissing),
      Change("list-versions-missing-package", AnswerField.rows, "0 of 0", Self.absent),
      // … and -/latest of one gets that APIError instead of the generic NotFound.
      Change("latest-missing-package", AnswerField.keys, "errors,message,url", "message,url"),
      Change("latest-missing-package", AnswerField.errors, "null", Self.absent),
      Change("latest-missing-package", AnswerField.message, old.notFoundMessage, packageMissing),
    ]
    let changes = try await changes(from: old, to: new)
    #expect(
      changes == expected, "unexpected: \(changes.subtracting(expected)); missing: \(expected.subtracting(changes))")
  }

  @Test func forgejo11ToForgejo12() async throws {
    let old = GiteaProfile.forgejo11
    let new = GiteaProfile.forgejo12
    #expect(!old.allowsAnonymousReads && new.allowsAnonymousReads)
    var expected: Set<Change> = [Self.versionChange(old, new)]
    for probe in ["list", "list-limit-100"] {
      expected.insert(Change(probe, AnswerField.ties, Self.tieOrder(old), Self.tieOrder(new)))
    }
    // Three probes (each asking for one row) turn from a 401 error into the list: anonymous reads
    // pass; `Token` is accepted; a query token is no longer read, so the
    // bogus one is neither refused nor warned about.
    let invalidMessage = try #require(Self.invalidTokenMessage(old))
    for (probe, oldMessage) in [
      ("list-anonymous", "token is required"), ("list-token-scheme-capitalised", "token is required"),
      ("list-query-token", invalidMessage),
    ] {
      expected.formUnion([
        Change(probe, AnswerField.status, "401", "200"),
        Change(probe, AnswerField.json, "object", "array"),
        Change(probe, AnswerField.keys, "message,url", Self.packageKeys(new)),
        Change(probe, AnswerField.ownerKeys, Self.absent, Self.userKeys(new)),
        Change(probe, AnswerField.creatorKeys, Self.absent, Self.userKeys(new)),
        Change(probe, AnswerField.message, oldMessage, Self.absent),
        Change(probe, AnswerField.rows, Self.absent, "1 of more"),
        Change(probe, AnswerField.link, Self.absent, "next,last"),
      ])
    }
    #expect(old.warnsAboutQueryTokens && !new.queryTokensAllowed)
    expected.insert(Change("list-query-token", AnswerField.warning, "present", Self.absent))
    // An anonymous request for a missing version reaches the lookup again.
    expected.insert(Change("missing-version-anonymous", AnswerField.status, "401", "404"))
    expected.insert(
      Change("missing-version-anonymous", AnswerField.message, "token is required", new.versionNotFoundMessage))
    let changes = try await changes(from: old, to: new)
    #expect(
      changes == expected, "unexpected: \(changes.subtracting(expected)); missing: \(expected.subtracting(changes))")
  }

  @Test func recordingsOfTheSameProfileHaveNoChanges() async throws {
    let first = try LoopbackGitea(profile: .gitea1_24)
    defer { first.stop() }
    let second = try LoopbackGitea(profile: .gitea1_24)
    defer { second.stop() }
    // Each run uses its own random names; the placeholders make them equal.
    let comparison = RecordingComparison(old: try await first.probe(), new: try await second.probe())
    #expect(comparison.changes == [])
  }

  @Test func comparisonWarnsAboutDifferentTokenScopes() {
    let old = ProbeRecording(
      recordedAt: "t1", server: "s", owner: "acme", package: "app", reportedVersion: "1.24.6",
      conditions: ProbeConditions(authenticated: true, tokenScopes: ["write:package"]), answers: [])
    var new = old
    new.conditions.tokenScopes = ["read:package"]
    new.package = "other"
    let comparison = RecordingComparison(old: old, new: new)
    #expect(comparison.changes == [])
    #expect(comparison.warnings.count == 2)
    #expect(comparison.warnings.contains { $0.contains("acme/app and acme/other") })
  }
}
