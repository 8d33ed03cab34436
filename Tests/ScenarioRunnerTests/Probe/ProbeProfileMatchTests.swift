import FakeGitea
import Foundation
import Testing

@testable import ScenarioRunner

/// Probing the project's own fake, over loopback, in every profile.
@Suite struct ProbeProfileMatchTests {
  /// Profiles that answer every probe alike with a `write:package` token;
  /// only the reported version tells them apart (see docs/upgrade-validation.md):
  /// - gitea-1.22 and gitea-1.23.7 differ only in the wording of the missing-scope 403;
  /// - gitea-1.26 and gitea-main differ only in the `errors` key of a NotFound
  ///   body, which only `-/latest` of a package without versions shows;
  /// - forgejo-7 and forgejo-10 have identical tables.
  static let lookAlikes: [Set<String>] = [
    ["gitea-1.22", "gitea-1.23.7"], ["gitea-1.26", "gitea-main"], ["forgejo-7", "forgejo-10"],
  ]

  static func lookAlikes(of name: String) -> Set<String> {
    lookAlikes.first { $0.contains(name) } ?? [name]
  }

  /// Without two versions created in the same second the tie order cannot
  /// show, and gitea-1.23 (ties by id descending) joins gitea-1.22 and gitea-1.23.7.
  static func lookAlikesWithoutTies(of name: String) -> Set<String> {
    let tieOrderOnly: Set<String> = ["gitea-1.22", "gitea-1.23.7", "gitea-1.23"]
    return tieOrderOnly.contains(name) ? tieOrderOnly : lookAlikes(of: name)
  }

  @Test("probing a fake of profile X names X, and changes nothing", arguments: GiteaProfile.all.map(\.name))
  func probingAProfileNamesIt(name: String) async throws {
    let profile = try #require(GiteaProfile.named(name))
    let fake = try LoopbackGitea(profile: profile)
    defer { fake.stop() }
    let before = fake.gitea.allPackages()
    let recording = try await fake.probe()

    // Safety: only GETs and one guarded DELETE of the random version; the data is as it was.
    let journal = fake.gitea.journal
    #expect(journal.count == recording.answers.count { !$0.value(AnswerField.status).hasPrefix("not sent") })
    #expect(ProbeSafetyTests.expectOnlySafeRequests(journal).count == 1)
    #expect(fake.gitea.allPackages() == before)
    #expect(!journal.contains { $0.target.contains(LoopbackGitea.token) })

    #expect(recording.conditions == SharedExpectations.conditions())
    #expect(recording.reportedVersion == profile.serverVersion)

    let report = ProfileMatcher.match(recording, against: await SharedExpectations.standard.value)
    #expect(report.bestMatch == name)
    #expect(report.match(for: name)?.differences == [])
    #expect(Set(report.tiedOnBehaviour) == Self.lookAlikes(of: name))
    // Every other profile differs in at least one behaviour field.
    for match in report.matches where !Self.lookAlikes(of: name).contains(match.profile) {
      #expect(match.score > 0, "\(match.profile) answered like \(name)")
    }
  }

  @Test("other data and a sibling package still name the profile", arguments: GiteaProfile.all.map(\.name))
  func otherDataStillNamesTheProfile(name: String) async throws {
    let profile = try #require(GiteaProfile.named(name))
    let base = Date(timeIntervalSince1970: 1_770_000_000)
    let versions = (1...7).map {
      SeedVersion(version: "1.0.\($0)", created: base.addingTimeInterval(Double($0) * 3600))
    }
    let seed = GiteaSeed(
      users: [SeedUser(login: "acme", isOrganization: true, members: ["acme"])],
      tokens: [SeedToken(value: LoopbackGitea.token, user: "acme", scopes: ["write:package"])],
      packages: [
        SeedPackage(owner: "acme", name: "app", versions: versions),
        SeedPackage(
          owner: "acme", name: "app-docs",
          versions: [SeedVersion(version: "latest", created: base.addingTimeInterval(9 * 3600))]),
      ])
    let fake = try LoopbackGitea(profile: profile, seed: seed)
    defer { fake.stop() }
    let recording = try await fake.probeInProcess()
    #expect(recording.conditions.matchingVersions == 8)
    #expect(recording.answer(.list)?.fields[AnswerField.ties] == "no ties")

    let report = ProfileMatcher.match(recording, against: await SharedExpectations.other.value)
    #expect(report.bestMatch == name)
    #expect(report.match(for: name)?.differences == [])
    #expect(Set(report.tiedOnBehaviour) == Self.lookAlikesWithoutTies(of: name))
  }

  @Test(
    "a read-only token tells gitea-1.22 from gitea-1.23.7 by the 403 wording",
    arguments: ["gitea-1.22", "gitea-1.23.7"])
  func readOnlyTokenSplitsTheScopeMessageLookAlikes(name: String) async throws {
    let profile = try #require(GiteaProfile.named(name))
    let fake = try LoopbackGitea(profile: profile, seed: LoopbackGitea.standardSeed(scopes: ["read:package"]))
    defer { fake.stop() }
    let recording = try await fake.probe(scopes: ["read:package"])
    let report = ProfileMatcher.match(recording, against: await SharedExpectations.readOnly.value)
    #expect(report.bestMatch == name)
    #expect(report.tiedOnBehaviour == [name])

    let delete = try #require(recording.answer(.deleteMissingVersion))
    #expect(delete.fields[AnswerField.status] == "403")
    let expectedMessage =
      profile.scopeMessageStyle == .requiredAndTokenScope
      ? "token does not have at least one of required scope(s), required=[write:package], token scope=read:package"
      : "token does not have at least one of required scope(s): [write:package]"
    #expect(delete.fields[AnswerField.message] == expectedMessage)
  }

  @Test func anonymousProbeOfForgejo12NamesIt() async throws {
    let fake = try LoopbackGitea(profile: .forgejo12)
    defer { fake.stop() }
    let recording = try await fake.probe(token: nil)
    #expect(recording.conditions.authenticated == false)
    #expect(recording.answer(.listCapitalisedScheme)?.fields[AnswerField.status] == "not sent (no token)")
    let report = await ProfileMatcher.match(recording)
    #expect(report.bestMatch == "forgejo-12")
    #expect(report.match(for: "forgejo-12")?.score == 0)
    #expect(report.notes.contains("no token was given: every probe went out anonymously"))
  }

  @Test func pythonUserAgentBlockedByAProxyIsNoted() async throws {
    let fake = try LoopbackGitea(profile: .gitea1_24, blockedUserAgents: ["Python-urllib/*"])
    defer { fake.stop() }
    let recording = try await fake.probe()
    let blocked = try #require(recording.answer(.listPythonUserAgent))
    #expect(blocked.fields[AnswerField.status] == "403")
    #expect(blocked.fields[AnswerField.body] == "html")
    #expect(blocked.fields[AnswerField.title] == "Access denied | {host} used Cloudflare to restrict access")

    let report = ProfileMatcher.match(recording, against: await SharedExpectations.standard.value)
    #expect(report.bestMatch == "gitea-1.24")
    // The proxy's answer differs from every profile (profiles describe Gitea, not its edge) …
    for match in report.matches {
      #expect(match.differences.contains { $0.probe == "list-python-urllib" && $0.field == AnswerField.status })
    }
    // … and is called out.
    #expect(report.notes.contains { $0.hasPrefix("the Python-urllib User-Agent got 403 where the same list got 200") })
  }
}
