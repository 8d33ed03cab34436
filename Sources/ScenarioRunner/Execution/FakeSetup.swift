import FakeGitea
import Foundation

/// Turns a scenario's `server` section into the fake's seed and configuration.
enum FakeSetup {
  static func configuration(for scenario: Scenario, profile: GiteaProfile) -> FakeGiteaConfiguration {
    let server = scenario.server
    return FakeGiteaConfiguration(
      profile: profile, timeZoneOffsetSeconds: server.timeZoneOffsetSeconds, blockedUserAgents: server.blockUserAgents,
      faults: server.faults.map(faultRule), events: server.events.map(event), now: scenario.now,
      routeExtensions: [OCIRegistryRoutes()])
  }

  static func faultRule(_ fault: ServerSetup.Fault) -> FaultRule {
    let action: FaultAction
    switch fault.action {
    case .respond(let status, let headers, let body):
      action = .respond(
        status: status, headers: headers.sorted { $0.key < $1.key }.map { HeaderField($0.key, $0.value) },
        body: Data(body.utf8))
    case .delay(let milliseconds):
      action = .delay(.milliseconds(milliseconds))
    case .disrupt(let name):
      action = .disrupt(ServerResponse.Disruption(rawValue: name) ?? .reset)
    case .malformedJSON:
      action = .malformedJSON
    }
    return FaultRule(
      method: fault.match.method, path: fault.match.path ?? "/**", query: fault.match.query, nth: fault.nth,
      times: fault.times, action: action)
  }

  static func event(_ event: ServerSetup.Event) -> ScheduledEvent {
    let action: EventAction
    switch event.action {
    case .push(let owner, let name, let version, let children):
      action = .push(owner: owner, name: name, version: version, children: children)
    case .delete(let owner, let name, let version):
      action = .deleteVersion(owner: owner, name: name, version: version)
    }
    let pattern = event.match.map { RequestPattern(method: $0.method, path: $0.path ?? "/**", query: $0.query) }
    return ScheduledEvent(afterRequest: event.afterRequest, matching: pattern, action: action)
  }

  static func seed(for scenario: Scenario) -> GiteaSeed {
    let server = scenario.server
    return GiteaSeed(
      users: server.users.map { user in
        SeedUser(
          login: user.login, isAdmin: user.admin, visibility: UserVisibility(rawValue: user.visibility) ?? .public,
          isOrganization: user.organization)
      },
      tokens: server.tokens.map { SeedToken(value: $0.token, user: $0.user, scopes: $0.scopes) },
      packages: server.packages.map { package in
        SeedPackage(
          owner: package.owner, type: package.type, name: package.name,
          versions: package.versions.map { SeedVersion(version: $0.version, created: $0.created, children: $0.children) })
      })
  }
}
