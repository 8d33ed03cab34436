import Foundation

/// Where a run's text goes. The executable writes to the process's standard
/// streams; the scenario runner captures the lines.
public struct Console: Sendable {
  public var out: @Sendable (String) -> Void
  public var err: @Sendable (String) -> Void
  /// Whether stderr is a terminal, for the progress line.
  public var isTerminal: Bool

  public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, isTerminal: Bool = false) {
    self.out = out
    self.err = err
    self.isTerminal = isTerminal
  }

  /// The process's stdout and stderr, a line per call. A reader that has
  /// gone away (`registry-gc … | head`) loses the rest of the text; it never
  /// ends the process.
  public static func standardStreams(isTerminal: Bool = false) -> Console {
    let output = FileHandle.standardOutput
    let error = FileHandle.standardError
    return Console(
      out: { line in try? output.write(contentsOf: Data((line + "\n").utf8)) },
      err: { line in try? error.write(contentsOf: Data((line + "\n").utf8)) },
      isTerminal: isTerminal)
  }
}

/// `registry-gc` as a function: arguments and environment in, text and an
/// exit status out. The executable is a thin wrapper around ``run(arguments:environment:console:transport:)``.
public enum RegistryGCCommand {
  /// Runs the command. `transport` replaces the transport `--http-client`
  /// would pick (the scenario runner passes an in-process one); retries wrap
  /// it either way.
  public static func run(
    arguments: [String], environment: [String: String], console: Console, transport: (any HTTPTransport)? = nil,
    retrySleeper: RetryingTransport.Sleeper? = nil
  ) async -> Int32 {
    await runReporting(
      arguments: arguments, environment: environment, console: console, transport: transport,
      retrySleeper: retrySleeper
    ).exitCode
  }

  /// Like ``run(arguments:environment:console:transport:retrySleeper:)``, and
  /// also hands back the run's report (`nil` for --help, --version and usage errors).
  public static func runReporting(
    arguments: [String], environment: [String: String], console: Console, transport: (any HTTPTransport)? = nil,
    retrySleeper: RetryingTransport.Sleeper? = nil
  ) async -> (exitCode: Int32, report: RunReport?) {
    let options: GCOptions
    do {
      switch try GCOptions.parse(arguments, environment: environment) {
      case .help:
        console.out(GCOptions.usage)
        return (GCExitCode.success.rawValue, nil)
      case .version:
        console.out("registry-gc \(GCOptions.version)")
        return (GCExitCode.success.rawValue, nil)
      case .run(let parsed):
        options = parsed
      }
    } catch {
      console.err("error: \(error.message)")
      console.err("Run registry-gc --help for the options.")
      return (GCExitCode.usage.rawValue, nil)
    }
    let base: any HTTPTransport
    var releaseConnections: @Sendable () -> Void = {}
    if let transport {
      base = transport
    } else {
      // --http-client: sockets for http://, URLSession for https:// by default.
      (base, releaseConnections) = options.httpClient.makeTransport(
        for: options.host, idleTimeout: .seconds(options.timeoutSeconds), maximumConnections: options.concurrency)
    }
    let retrying = RetryingTransport(
      wrapping: base, policy: RetryPolicy(maxAttempts: options.attempts),
      sleeper: retrySleeper ?? { try await Task.sleep(for: $0) },
      observer: { event in console.err("warning: \(event.description)") })
    let outcome = await execute(options, transport: retrying, console: console)
    releaseConnections()
    return outcome
  }

  static func execute(_ options: GCOptions, transport: any HTTPTransport, console: Console) async -> (
    exitCode: Int32, report: RunReport
  ) {
    let now = options.now ?? Date()
    let client = GiteaClient(
      baseURL: options.host, token: options.token, userAgent: options.userAgent, transport: transport,
      pagesInFlight: options.concurrency)
    let reader: (any ManifestReferenceReader)? =
      options.readReferences
      ? RegistryReferenceReader(
        baseURL: options.host, token: options.token, userAgent: options.userAgent, transport: transport,
        concurrency: options.concurrency)
      : nil
    let collector = GarbageCollector(
      client: client, referenceReader: reader, policy: options.policy, concurrency: options.concurrency)
    let printer = PlanPrinter(console: console, quiet: options.json)

    var exit = GCExitCode.success
    var packageReports: [RunReport.PackageReport] = []
    for package in options.packages {
      let plan: Plan
      do {
        plan = try await collector.plan(owner: options.owner, package: package, now: now)
      } catch {
        console.err("error: \(options.owner)/\(package): \(error.message)")
        packageReports.append(RunReport.PackageReport(owner: options.owner, package: package, error: error))
        exit = .aborted
        continue
      }
      printer.printPlan(plan)
      if options.dryRun || plan.deletions.isEmpty {
        printer.printNothingApplied(plan, dryRun: options.dryRun)
        packageReports.append(RunReport.PackageReport(plan: plan, applied: nil))
        continue
      }
      let progress = options.showProgress && console.isTerminal && !options.json && plan.deletions.count >= 20
      var showProgress: (@Sendable (Int, Int) -> Void)?
      if progress {
        let err = console.err
        showProgress = { done, total in err("\u{1B}[2K\rdeleting \(done)/\(total)") }
      }
      let result: ApplyResult
      do {
        result = try await collector.apply(plan, progress: showProgress)
      } catch {
        console.err("error: \(error.message)")
        var report = RunReport.PackageReport(plan: plan, applied: nil)
        report.status = "aborted"
        report.error = RunReport.ErrorReport(kind: error.kind.rawValue, message: error.message)
        packageReports.append(report)
        exit = .aborted
        continue
      }
      if progress { console.err("") }
      printer.printResult(result, plan: plan)
      packageReports.append(RunReport.PackageReport(plan: plan, applied: result))
      if result.failedCount > 0, exit == .success { exit = .deletionsFailed }
    }
    let report = RunReport(
      dryRun: options.dryRun, now: Timestamp.format(now), policy: RunReport.PolicyReport(options.policy),
      packages: packageReports, exitCode: exit.rawValue)
    if options.json {
      console.out(String(decoding: report.encoded(), as: UTF8.self))
    }
    return (exit.rawValue, report)
  }
}
