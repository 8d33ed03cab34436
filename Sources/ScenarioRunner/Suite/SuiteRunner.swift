import FakeGitea
import Foundation

/// Which profiles each scenario runs under.
public enum ProfileSelection: Sendable, Equatable {
  /// The scenario's `server.profile`, or the default profile.
  case scenarioDefault
  /// These profiles, for every scenario that holds for them.
  case named([String])
  /// Every known profile the scenario holds for.
  case all
}

/// What to run.
public struct SuiteOptions: Sendable {
  public var paths: [String]
  public var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
  public var profiles: ProfileSelection = .scenarioDefault
  /// Only scenarios whose file or name contains this text.
  public var filter: String?
  /// Run only shard `index` (1-based) of `count`, split by file.
  public var shard: (index: Int, count: Int)?
  /// Only these `file [profile]` keys (from `--last-failed`).
  public var only: Set<String>?

  public init(paths: [String]) {
    self.paths = paths
  }
}

/// Runs a suite of scenario files.
public enum SuiteRunner {
  /// Every `.json` scenario file under `paths` (files are taken as given),
  /// sorted, skipping `schema.json`.
  public static func discover(_ paths: [String]) -> (files: [String], missing: [String]) {
    var files: [String] = []
    var missing: [String] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        missing.append(path)
        continue
      }
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      let base = path.hasSuffix("/") ? String(path.dropLast()) : path
      let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".json") && !$0.hasSuffix("schema.json") }
        .map { "\(base)/\($0)" }
      files += found.sorted()
    }
    return (files, missing)
  }

  /// Loads and runs every scenario, `jobs` at a time, and reports.
  public static func run(
    _ options: SuiteOptions, settings: ExecutionSettings, onResult: (@Sendable (ScenarioResult) -> Void)? = nil
  ) async -> SuiteReport {
    let started = Date()
    let clock = ContinuousClock.now
    let (allFiles, missing) = discover(options.paths)
    var invalid: [String] = missing.map { "\($0): error: no such file or directory" }
    var files = allFiles
    if let shard = options.shard {
      files = files.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
    }

    var scenarios: [Scenario] = []
    var names: [String: String] = [:]
    for file in files {
      do {
        let scenario = try ScenarioLoader.load(path: file)
        if let other = names[scenario.name] {
          invalid.append("\(file): error: the scenario name \"\(scenario.name)\" is also used by \(other)")
          continue
        }
        names[scenario.name] = file
        scenarios.append(scenario)
      } catch {
        invalid.append(error.description)
      }
    }
    if let filter = options.filter?.lowercased() {
      scenarios = scenarios.filter { $0.file.lowercased().contains(filter) || $0.name.lowercased().contains(filter) }
    }

    var work: [(Scenario, GiteaProfile)] = []
    var results: [ScenarioResult] = []
    for scenario in scenarios {
      for name in profileNames(for: scenario, selection: options.profiles) {
        guard let profile = GiteaProfile.named(name) else {
          invalid.append("\(scenario.file): error: unknown profile \"\(name)\"; known: \(GiteaProfile.all.map(\.name).joined(separator: ", "))")
          continue
        }
        if !scenario.profiles.isEmpty, !scenario.profiles.contains(name) {
          let result = ScenarioResult(
            file: scenario.file, name: scenario.name, profile: name, status: .skipped,
            notes: ["holds only for \(scenario.profiles.joined(separator: ", "))"])
          results.append(result)
          onResult?(result)
          continue
        }
        if let only = options.only, !only.contains(SuiteReport.key(file: scenario.file, profile: name)) { continue }
        work.append((scenario, profile))
      }
    }

    let executor = ScenarioExecutor(settings: settings)
    let jobs = max(1, options.jobs)
    await withTaskGroup(of: ScenarioResult.self) { group in
      var pending = work[...]
      func startNext() {
        guard let (scenario, profile) = pending.popFirst() else { return }
        group.addTask { await executor.run(scenario, profile: profile) }
      }
      for _ in 0..<jobs { startNext() }
      for await result in group {
        results.append(result)
        onResult?(result)
        startNext()
      }
    }
    results.sort { ($0.file, $0.profile) < ($1.file, $1.profile) }
    let elapsed = ContinuousClock.now - clock
    return SuiteReport(
      startedAt: started, durationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
      transport: settings.transport.rawValue, results: results, invalid: invalid)
  }

  /// The profile a scenario runs under when none is chosen: its
  /// `server.profile`, else the first of its `profiles`, else the default.
  public static func defaultProfileName(for scenario: Scenario) -> String {
    scenario.server.profile ?? scenario.profiles.first ?? GiteaProfile.default.name
  }

  static func profileNames(for scenario: Scenario, selection: ProfileSelection) -> [String] {
    switch selection {
    case .scenarioDefault:
      return [defaultProfileName(for: scenario)]
    case .named(let names):
      return names
    case .all:
      return GiteaProfile.all.map(\.name)
    }
  }
}
