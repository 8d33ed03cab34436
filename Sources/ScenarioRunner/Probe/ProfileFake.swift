import FakeGitea
import Foundation

/// The fake a recording is compared with: one profile's ``InMemoryGitea``,
/// seeded to look like the probed server as far as the probes could see.
///
/// - The owner and package have the probed names; the owner has the
///   visibility its listed rows showed (public when none).
/// - The package has as many versions as `X-Total-Count` of the probed list
///   reported (at most ``maximumVersions``; ``defaultVersions`` when the list
///   did not answer), so row counts and `Link` relations line up.
/// - The three newest versions share one second and were pushed out of name
///   order, so each profile's tie order shows.
/// - Its token belongs to the owner and has the scopes given with the probe.
public enum ProfileFake {
  /// Versions seeded when the probed list did not say how many there are:
  /// more than a page at the cap, so paging shows.
  public static let defaultVersions = 60
  /// More than `limit=100` can return, so seeding more changes nothing.
  public static let maximumVersions = 120
  /// The token value the fake accepts.
  static let token = "fake-probe-token-0123456789abcdef01234567"
  /// ROOT_URL of the fake.
  static let baseURL = URL(string: "http://gitea.test")!
  /// The fake's clock; the versions are older.
  static let now = Date(timeIntervalSince1970: 1_780_000_000)

  /// An in-memory Gitea of `profile` seeded for a probe of `owner`/`package` under `conditions`.
  public static func make(
    profile: GiteaProfile, owner: String, package: String, conditions: ProbeConditions
  ) -> InMemoryGitea {
    InMemoryGitea(
      configuration: FakeGiteaConfiguration(
        profile: profile, rootURL: baseURL.absoluteString + "/", now: now, routeExtensions: [OCIRegistryRoutes()]),
      seed: seed(owner: owner, package: package, conditions: conditions))
  }

  /// The seed of ``make(profile:owner:package:conditions:)``.
  public static func seed(owner: String, package: String, conditions: ProbeConditions) -> GiteaSeed {
    let count = min(max(conditions.matchingVersions ?? defaultVersions, 0), maximumVersions)
    let visibility = conditions.ownerVisibility.flatMap(UserVisibility.init(rawValue:)) ?? .public
    return GiteaSeed(
      users: [SeedUser(login: owner, visibility: visibility)],
      tokens: [SeedToken(value: token, user: owner, scopes: conditions.tokenScopes)],
      packages: count == 0 ? [] : [SeedPackage(owner: owner, name: package.lowercased(), versions: versions(count))])
  }

  /// `count` versions a minute apart, oldest first; the newest three share
  /// one second and are pushed in the order b, c, a.
  static func versions(_ count: Int) -> [SeedVersion] {
    let newest = now.addingTimeInterval(-3600)
    let tied = min(count, 3)
    let older = count - tied
    var versions = (0..<older).map { index in
      SeedVersion(version: "v\(index + 1)", created: newest.addingTimeInterval(-60 * Double(older - index)))
    }
    versions += ["tie-b", "tie-c", "tie-a"].prefix(tied).map { SeedVersion(version: $0, created: newest) }
    return versions
  }

  /// Probes `profile`'s fake for `owner`/`package` under `conditions`.
  static func expectedAnswers(
    of profile: GiteaProfile, owner: String, package: String, conditions: ProbeConditions,
    userAgent: String = ProbeCommand.defaultUserAgent
  ) async -> ProbeRecording {
    let gitea = make(profile: profile, owner: owner, package: package, conditions: conditions)
    let runner = ProbeRunner(
      transport: InProcessTransport(gitea: gitea, sleeper: { _ in }), baseURL: baseURL,
      names: .fixed(owner: owner, package: package), token: conditions.authenticated ? token : nil,
      userAgent: userAgent, tokenScopes: conditions.tokenScopes, now: { now })
    do {
      return try await runner.run()
    } catch {
      // The in-process fake always answers; keep the type total anyway.
      return ProbeRecording(
        recordedAt: "", server: baseURL.absoluteString, owner: owner, package: package, reportedVersion: nil,
        conditions: conditions, answers: [])
    }
  }
}
