import Foundation

/// How an `InMemoryGitea` behaves: which version it imitates, what sits in
/// front of it, and which faults and events to stage.
public struct FakeGiteaConfiguration: Sendable {
  public var profile: GiteaProfile
  /// Gitea's ROOT_URL; a missing final `/` is added.
  public var rootURL: String
  /// The server's time zone, east of UTC, used for every `created_at`.
  public var timeZoneOffsetSeconds: Int
  /// User-Agent patterns (`*`, `?`, whole string, case-sensitive) that a
  /// Cloudflare-style edge answers with a 403 HTML page before Gitea sees
  /// the request, e.g. `Python-urllib/*`. A missing header is matched as "".
  public var blockedUserAgents: [String]
  public var faults: [FaultRule]
  public var events: [ScheduledEvent]
  /// A fixed clock for pushes made by events (and the journal); `nil` uses
  /// the wall clock.
  public var now: Date?
  /// Extra routes (the OCI registry) consulted before the packages API.
  public var routeExtensions: [any GiteaRouteExtension]

  public init(
    profile: GiteaProfile = .default,
    rootURL: String = "http://gitea.test/",
    timeZoneOffsetSeconds: Int = 0,
    blockedUserAgents: [String] = [],
    faults: [FaultRule] = [],
    events: [ScheduledEvent] = [],
    now: Date? = nil,
    routeExtensions: [any GiteaRouteExtension] = []
  ) {
    self.profile = profile
    self.rootURL = rootURL
    self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
    self.blockedUserAgents = blockedUserAgents
    self.faults = faults
    self.events = events
    self.now = now
    self.routeExtensions = routeExtensions
  }
}
