import FakeGitea
import Foundation
import RegistryGC

/// `fake-gitea serve`: the in-memory Gitea of a scenario file, on loopback,
/// for trying any client (curl, Python, skopeo) against it by hand.
public enum FakeGiteaCommand {
  public static let usage = """
    USAGE: fake-gitea serve [--scenario FILE] [--port N] [--profile NAME]

    Serves the Gitea a scenario file describes (its server section) on
    127.0.0.1 until interrupted. The first line on stdout is the base URL,
    http://127.0.0.1:PORT; with --port 0 (the default) the kernel picks a port.
    Every request is logged on stderr, Authorization redacted.

    Admin routes (not Gitea's): POST /_fake/reset (back to the scenario's
    state), POST /_fake/state (load the server section of the scenario in the
    body), GET /_fake/journal, DELETE /_fake/journal, GET /_fake/packages.

    OPTIONS:
      --scenario FILE   The scenario whose server to serve (default: an empty Gitea).
      --port N          The port, 0 for any free one (default 0).
      --profile NAME    Override the scenario's Gitea profile.
      --quiet           Do not log requests.
    """

  /// Starts serving; returns the running server and the fake, or an exit status.
  public static func start(arguments: [String], console: Console) -> Result<(LoopbackHTTPServer, InMemoryGitea), ExitStatus> {
    var rest = arguments[...]
    guard let command = rest.popFirst(), command == "serve" else {
      if arguments.first == "--help" || arguments.first == "-h" {
        console.out(usage)
        return .failure(ExitStatus(code: 0))
      }
      console.err("error: the only command is serve\n" + usage)
      return .failure(ExitStatus(code: 64))
    }
    var scenarioPath: String?
    var port: UInt16 = 0
    var profileName: String?
    var quiet = false
    while let argument = rest.popFirst() {
      switch argument {
      case "--scenario":
        scenarioPath = rest.popFirst()
        if scenarioPath == nil { return usageError("--scenario needs a file", console) }
      case "--port":
        guard let text = rest.popFirst(), let value = UInt16(text) else {
          return usageError("--port needs a number from 0 to 65535", console)
        }
        port = value
      case "--profile":
        profileName = rest.popFirst()
        if profileName == nil { return usageError("--profile needs a name", console) }
      case "--quiet":
        quiet = true
      case "-h", "--help":
        console.out(usage)
        return .failure(ExitStatus(code: 0))
      default:
        return usageError("unknown argument \(argument)", console)
      }
    }

    let scenario: Scenario
    do {
      if let scenarioPath {
        scenario = try ScenarioLoader.load(path: scenarioPath)
      } else {
        scenario = try ScenarioLoader.parse(Data(#"{"schemaVersion": 1, "name": "empty"}"#.utf8), file: "(empty)")
      }
    } catch {
      console.err(error.description)
      return .failure(ExitStatus(code: 65))
    }
    guard let profile = GiteaProfile.named(profileName ?? scenario.server.profile ?? GiteaProfile.default.name) else {
      return usageError("unknown profile \(profileName ?? scenario.server.profile ?? "")", console)
    }
    let gitea = InMemoryGitea(
      configuration: FakeSetup.configuration(for: scenario, profile: profile), seed: FakeSetup.seed(for: scenario))
    let log = console.err
    let logRequests = !quiet
    let admin = FakeAdminAPI(gitea: gitea, scenario: scenario)
    let server = LoopbackHTTPServer { request, _ in
      if let answer = admin.response(to: request) { return answer }
      let response = gitea.handle(request)
      if logRequests, let entry = gitea.journal.last {
        log("\(entry.method) \(entry.target) → \(entry.status)")
      }
      return response
    }
    do {
      try server.start(port: port)
    } catch {
      console.err("error: cannot listen on 127.0.0.1:\(port): \(error)")
      return .failure(ExitStatus(code: 2))
    }
    gitea.setRootURL(server.baseURL + "/")
    console.out(server.baseURL)
    return .success((server, gitea))
  }

  private static func usageError(_ message: String, _ console: Console) -> Result<(LoopbackHTTPServer, InMemoryGitea), ExitStatus> {
    console.err("error: \(message)")
    return .failure(ExitStatus(code: 64))
  }

  public struct ExitStatus: Error {
    public var code: Int32
  }
}
