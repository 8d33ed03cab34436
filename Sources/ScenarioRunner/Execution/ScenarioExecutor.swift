import FakeGitea
import Foundation
import RegistryGC
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// How the GC reaches the fake.
public enum TransportMode: String, Sendable, CaseIterable {
  /// Requests are handed to the fake in memory: no sockets, fastest.
  case inProcess = "in-process"
  /// Requests go through URLSession and the fake's loopback HTTP server.
  case tcp
}

/// Settings shared by every scenario of a run.
public struct ExecutionSettings: Sendable {
  public var transport: TransportMode = .inProcess
  /// Replaces each `gc` step by this external program (see ``GCCommandTemplate``).
  public var gcCommand: GCCommandTemplate?
  /// The environment external programs start from (PATH and the like).
  public var baseEnvironment: [String: String] = ProcessInfo.processInfo.environment

  public init() {}
}

/// Runs one scenario against a fresh fake and checks its expectations.
public struct ScenarioExecutor: Sendable {
  public var settings: ExecutionSettings

  public init(settings: ExecutionSettings = ExecutionSettings()) {
    self.settings = settings
  }

  /// Runs `scenario` with the fake in `profile`.
  public func run(_ scenario: Scenario, profile: GiteaProfile) async -> ScenarioResult {
    let started = ContinuousClock.now
    var context = RunContext(scenario: scenario, profile: profile)
    let gitea = InMemoryGitea(
      configuration: FakeSetup.configuration(for: scenario, profile: profile),
      seed: FakeSetup.seed(for: scenario))

    let needsServer =
      settings.transport == .tcp || settings.gcCommand != nil
      || scenario.steps.contains { if case .command = $0.action { true } else { false } }
    var server: LoopbackHTTPServer?
    var baseURL = "http://gitea.test"
    if needsServer {
      let loopback = LoopbackHTTPServer { request, _ in gitea.handle(request) }
      do {
        try loopback.start(port: 0)
      } catch {
        return context.finish(.error, "the fake could not start its loopback server: \(error)", since: started)
      }
      baseURL = loopback.baseURL
      gitea.setRootURL(baseURL + "/")
      server = loopback
    }
    defer { server?.stop() }

    let useTCP = settings.transport == .tcp
    let transport: any HTTPTransport =
      useTCP
      ? URLSessionTransport(idleTimeout: .seconds(5))
      : InProcessTransport(gitea: gitea, sleeper: { try? await Task.sleep(for: $0) })

    for (index, step) in scenario.steps.enumerated() {
      let label = scenario.steps.count > 1 ? "step \(index + 1): " : ""
      switch step.action {
      case .gc(let gc):
        if let template = settings.gcCommand {
          let argv = template.argv(for: gc, baseURL: baseURL, token: token(for: gc.token, in: scenario), now: scenario)
          let env = template.environment(
            for: gc, baseURL: baseURL, token: token(for: gc.token, in: scenario), now: scenario,
            base: settings.baseEnvironment)
          if !(await runExternal(argv, env: env, timeout: .seconds(120), context: &context, label: label)) {
            return context.finish(.error, since: started)
          }
          if !step.expect.plan.isEmpty || !scenario.expect.plan.isEmpty {
            context.notes.append("\(label)plan expectations not checked: an external GC prints no plan this runner reads")
          }
        } else {
          let arguments = gcArguments(gc, baseURL: baseURL, scenario: scenario)
          let lines = Mutex<[String]>([])
          let console = Console(
            out: { line in lines.withLock { $0.append(line) } },
            err: { line in lines.withLock { $0.append(line) } })
          let outcome = await RegistryGCCommand.runReporting(
            arguments: arguments, environment: ["GITEA_TOKEN": token(for: gc.token, in: scenario) ?? ""],
            console: console, transport: transport,
            retrySleeper: useTCP ? nil : Self.noWait)
          context.lastExitCode = outcome.exitCode
          context.lastReport = outcome.report
          context.output += lines.withLock { $0 }.joined(separator: "\n") + "\n"
          context.lastStepOutput = lines.withLock { $0 }.joined(separator: "\n")
        }
      case .command(let command):
        let tokenValue = token(for: command.token, in: scenario) ?? ""
        let substitute = { (text: String) in
          text.replacingOccurrences(of: "{baseURL}", with: baseURL).replacingOccurrences(of: "{token}", with: tokenValue)
        }
        var env = settings.baseEnvironment
        for (key, value) in command.env { env[key] = substitute(value) }
        if !(await runExternal(
          command.argv.map(substitute), env: env, timeout: .seconds(command.timeoutSeconds), context: &context,
          label: label))
        {
          return context.finish(.error, since: started)
        }
      case .http(let http):
        await sendRaw(http, baseURL: baseURL, transport: transport, context: &context, label: label)
      }
      ExpectationChecker.check(step.expect, context: &context, gitea: gitea, label: label)
    }

    ExpectationChecker.check(scenario.expect, context: &context, gitea: gitea)
    return context.finish(context.failures.isEmpty ? .passed : .failed, since: started)
  }

  /// In-process runs do not wait out retry delays: the fake has no clock to wait for.
  static let noWait: RetryingTransport.Sleeper = { _ in }

  // MARK: Steps

  func token(for given: String?, in scenario: Scenario) -> String? {
    given ?? scenario.server.tokens.first?.token
  }

  func gcArguments(_ gc: GCStep, baseURL: String, scenario: Scenario) -> [String] {
    var arguments = ["--host", baseURL, "--owner", gc.owner]
    for package in gc.packages { arguments += ["--package", package] }
    if let keepDays = gc.keepDays { arguments += ["--keep-days", String(keepDays)] }
    if let keepLatest = gc.keepLatest { arguments += ["--keep-latest", String(keepLatest)] }
    for pattern in gc.keep ?? [] { arguments += ["--keep", pattern] }
    if gc.dryRun { arguments.append("--dry-run") }
    if gc.json { arguments.append("--json") }
    if !gc.references { arguments.append("--no-references") }
    if let userAgent = gc.userAgent { arguments += ["--user-agent", userAgent] }
    if let grace = gc.digestGrace { arguments += ["--digest-grace", grace] }
    if let concurrency = gc.concurrency { arguments += ["--concurrency", String(concurrency)] }
    if let attempts = gc.attempts { arguments += ["--attempts", String(attempts)] }
    arguments += ["--now", Timestamp.format(scenario.now), "--no-progress"]
    return arguments + gc.arguments
  }

  func runExternal(
    _ argv: [String], env: [String: String], timeout: Duration, context: inout RunContext, label: String
  ) async -> Bool {
    do {
      let outcome = try await ExternalProcess.run(argv, environment: env, timeout: timeout)
      context.lastExitCode = outcome.timedOut ? nil : outcome.exitCode
      context.lastReport = nil
      let text = outcome.stdout + (outcome.stderr.isEmpty ? "" : "\n" + outcome.stderr)
      context.output += "$ \(argv.joined(separator: " "))\n" + text + "\n"
      context.lastStepOutput = text
      if outcome.timedOut {
        context.failures.append("\(label)\(argv[0]) did not finish within \(timeout) and was stopped")
      }
      return true
    } catch {
      context.failures.append("\(label)\(error.description)")
      return false
    }
  }

  func sendRaw(_ http: HTTPStep, baseURL: String, transport: any HTTPTransport, context: inout RunContext, label: String)
    async
  {
    guard let url = URL(string: baseURL + http.path) else {
      context.failures.append("\(label)\(http.path) does not make a URL")
      return
    }
    var headers = HTTPHeaders()
    for (name, value) in http.headers.sorted(by: { $0.key < $1.key }) { headers.append(name: name, value: value) }
    let request = HTTPRequest(method: http.method, url: url, headers: headers, body: Data(http.body.utf8))
    do {
      let response = try await transport.send(request)
      context.lastResponse = response
      context.output += "> \(http.method) \(http.path)\n< \(response.status)\n"
    } catch {
      context.lastResponse = nil
      context.failures.append("\(label)\(http.method) \(http.path) got no answer: \(error.message)")
    }
  }
}

/// What one scenario run has gathered so far.
struct RunContext {
  let scenario: Scenario
  let profile: GiteaProfile
  var failures: [String] = []
  var notes: [String] = []
  var output = ""
  var lastStepOutput = ""
  var lastExitCode: Int32?
  var lastReport: RunReport?
  var lastResponse: HTTPResponse?

  init(scenario: Scenario, profile: GiteaProfile) {
    self.scenario = scenario
    self.profile = profile
  }

  mutating func finish(_ status: ScenarioResult.Status, _ failure: String? = nil, since start: ContinuousClock.Instant)
    -> ScenarioResult
  {
    if let failure { failures.append(failure) }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return ScenarioResult(
      file: scenario.file, name: scenario.name, profile: profile.name, status: status, failures: failures, notes: notes,
      durationSeconds: seconds, output: output)
  }
}
