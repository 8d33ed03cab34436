import FakeGitea
import Foundation

/// The admin routes `fake-gitea serve` adds under `/_fake/` (real Gitea has
/// no such path): reset or reload the state, read or clear the journal.
/// docs/fake-gitea.md documents them.
struct FakeAdminAPI: Sendable {
  let gitea: InMemoryGitea
  /// The scenario the server started from, for `POST /_fake/reset`.
  let scenario: Scenario

  static let prefix = "/_fake/"

  /// The admin answer, or `nil` when the request is not for the admin API.
  func response(to request: ServerRequest) -> ServerResponse? {
    // The target, not rawPath: "/_fake/" holds no "?", and this runs on every request.
    guard request.target.hasPrefix(Self.prefix) else { return nil }
    switch (request.method, String(request.rawPath.dropFirst(Self.prefix.count))) {
    case ("POST", "reset"):
      gitea.reset(seed: FakeSetup.seed(for: scenario))
      return Self.json(200, ["status": "reset"])
    case ("POST", "state"):
      do {
        let loaded = try ScenarioLoader.parse(request.body, file: "(request body)", clock: scenario.now)
        gitea.reset(seed: FakeSetup.seed(for: loaded))
        return Self.json(200, ["status": "loaded", "packages": String(loaded.server.packages.count)])
      } catch {
        return Self.json(400, ["error": error.description])
      }
    case ("GET", "journal"):
      let entries = gitea.journal.map { entry -> [String: Any] in
        var object: [String: Any] = [
          "sequence": entry.sequence, "method": entry.method, "target": entry.target, "status": entry.status,
        ]
        if let userAgent = entry.userAgent { object["userAgent"] = userAgent }
        if let authorization = entry.authorization { object["authorization"] = authorization }
        if let nearMiss = entry.nearMiss { object["nearMiss"] = nearMiss }
        return object
      }
      let body = (try? JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys])) ?? Data("[]".utf8)
      return ServerResponse(status: 200, headers: [HeaderField("Content-Type", "application/json")], body: body)
    case ("DELETE", "journal"):
      gitea.clearJournal()
      return ServerResponse(status: 204)
    case ("GET", "packages"):
      let packages = gitea.allPackages().map { package -> [String: Any] in
        ["owner": package.owner, "type": package.type, "name": package.name, "versions": package.versions.map(\.version)]
      }
      let body = (try? JSONSerialization.data(withJSONObject: packages, options: [.sortedKeys])) ?? Data("[]".utf8)
      return ServerResponse(status: 200, headers: [HeaderField("Content-Type", "application/json")], body: body)
    default:
      return Self.json(
        404, ["error": "admin routes: POST /_fake/reset, POST /_fake/state, GET|DELETE /_fake/journal, GET /_fake/packages"])
    }
  }

  private static func json(_ status: Int, _ object: [String: String]) -> ServerResponse {
    let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return ServerResponse(status: status, headers: [HeaderField("Content-Type", "application/json")], body: body + Data("\n".utf8))
  }
}
