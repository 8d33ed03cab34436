// gc-bench: the project's benchmarks, each a subcommand. docs/benchmarks.md
// gives the commands and the recorded figures.
//
//   gc-bench plan [--versions N]            plan N versions with the keep policy
//   gc-bench scenarios [--repeat N] DIR...  run a scenario suite N times in-process
//   gc-bench make-scenario --tags N FILE    write a scenario with N old tags (for the loopback benchmark)

import FakeGitea
import Foundation
import RegistryGC
import ScenarioRunner

#if canImport(Glibc)
  import Glibc
#endif

func peakResidentMiB() -> Double {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
  else { return 0 }
  let kib = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "0") ?? 0
  return kib / 1024
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func option(_ name: String, in arguments: [String], default value: Int) -> Int {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1])
  else { return value }
  return number
}

/// Deterministic versions: tags at one-minute steps with some ties, every
/// tenth an index with two digest children, a few pinned tags.
func makeVersions(_ count: Int, now: Date) -> (versions: [PackageVersion], references: [String: [String]]) {
  var versions: [PackageVersion] = []
  versions.reserveCapacity(count)
  var references: [String: [String]] = [:]
  var id: Int64 = 1
  var index = 0
  while versions.count < count {
    let created = now.addingTimeInterval(-Double(index / 2) * 60)
    let tag = index == 0 ? "latest" : (index % 1000 == 0 ? "corpus-\(index)" : "build-\(index)")
    versions.append(PackageVersion(id: id, packageName: "app", version: tag, createdAt: created))
    id += 1
    if index % 10 == 0, versions.count + 2 <= count {
      let children = (0..<2).map { child in
        "sha256:" + String(repeating: "0", count: 48) + String(format: "%08x%08x", index, child)
      }
      for digest in children {
        versions.append(PackageVersion(id: id, packageName: "app", version: digest, createdAt: created))
        id += 1
      }
      references[tag] = children
    }
    index += 1
  }
  return (versions, references)
}

func benchmarkPlan(_ arguments: [String]) {
  let count = option("--versions", in: arguments, default: 1_000_000)
  let now = Date(timeIntervalSince1970: 1_780_272_000)
  let (versions, references) = makeVersions(count, now: now)
  let clock = ContinuousClock()
  var plan: Plan?
  let elapsed = clock.measure {
    plan = Planner.plan(
      owner: "acme", package: "app", versions: versions, now: now, policy: KeepPolicy(keepLatest: 6, keepDays: 30),
      references: .known(references))
  }
  let checkElapsed = clock.measure { _ = SafetyCheck.violations(of: plan!) }
  print(
    "planned \(count) versions: \(plan!.deletions.count) to delete, in \(String(format: "%.3f", seconds(elapsed))) s;"
      + " safety check \(String(format: "%.3f", seconds(checkElapsed))) s; peak resident \(String(format: "%.0f", peakResidentMiB())) MiB"
  )
}

func benchmarkScenarios(_ arguments: [String]) async {
  let repeats = option("--repeat", in: arguments, default: 10)
  var paths: [String] = []
  var skipNext = false
  for argument in arguments {
    if skipNext {
      skipNext = false
    } else if argument == "--repeat" {
      skipNext = true
    } else {
      paths.append(argument)
    }
  }
  let files = SuiteRunner.discover(paths.isEmpty ? ["scenarios"] : paths).files
  var scenarios: [Scenario] = []
  for file in files {
    if let scenario = try? ScenarioLoader.load(path: file) {
      // Scenarios that start external programs measure those programs, not the runner.
      let external = scenario.steps.contains { if case .command = $0.action { true } else { false } }
      if !external { scenarios.append(scenario) }
    }
  }
  let executor = ScenarioExecutor()
  let jobs = ProcessInfo.processInfo.activeProcessorCount
  let clock = ContinuousClock()
  var failures = 0
  let elapsed = await clock.measure {
    for _ in 0..<repeats {
      await withTaskGroup(of: ScenarioResult.Status.self) { group in
        var pending = scenarios[...]
        for _ in 0..<jobs {
          if let next = pending.popFirst() {
            group.addTask { await executor.run(next, profile: GiteaProfile.named(next.server.profile ?? "") ?? .default).status }
          }
        }
        for await status in group {
          if status != .passed { failures += 1 }
          if let next = pending.popFirst() {
            group.addTask { await executor.run(next, profile: GiteaProfile.named(next.server.profile ?? "") ?? .default).status }
          }
        }
      }
    }
  }
  let runs = scenarios.count * repeats
  print(
    "ran \(runs) scenario runs (\(scenarios.count) scenarios × \(repeats)) on \(jobs) jobs in \(String(format: "%.3f", seconds(elapsed))) s:"
      + " \(String(format: "%.0f", Double(runs) / seconds(elapsed))) scenarios/s; \(failures) not passed")
}

func makeScenario(_ arguments: [String]) {
  let count = option("--tags", in: arguments, default: 2000)
  guard let file = arguments.last, !file.hasPrefix("-"), Int(file) == nil else {
    print("usage: gc-bench make-scenario --tags N FILE")
    exit(64)
  }
  var versions: [String] = []
  for index in 0..<count {
    versions.append(#"{"version": "build-\#(index)", "created": "-\#(400 + index)h"}"#)
  }
  let text = """
    {"schemaVersion": 1, "name": "\(count) old tags", "now": "2026-06-01T00:00:00Z",
     "server": {"tokens": [{"token": "bench-token", "user": "acme", "scopes": ["write:package"]}],
       "packages": [{"owner": "acme", "name": "app", "versions": [
    \(versions.joined(separator: ",\n"))
    ]}]}}
    """
  do {
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
  } catch {
    print("cannot write \(file): \(error)")
    exit(1)
  }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "plan": benchmarkPlan(Array(arguments.dropFirst()))
case "scenarios": await benchmarkScenarios(Array(arguments.dropFirst()))
case "make-scenario": makeScenario(Array(arguments.dropFirst()))
default:
  print("usage: gc-bench plan [--versions N] | scenarios [--repeat N] [DIR...] | make-scenario --tags N FILE")
  exit(64)
}
