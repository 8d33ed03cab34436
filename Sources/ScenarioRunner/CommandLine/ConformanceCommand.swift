import FakeGitea
import Foundation
import RegistryGC

/// `gc-conformance` as a function: arguments in, lines and an exit status out.
public enum ConformanceCommand {
  public static let usage = """
    USAGE: gc-conformance run [options] PATH...

    Runs every scenario file under PATH (directories are searched for *.json)
    against a fresh in-memory Gitea each, and checks its expectations.

    OPTIONS:
      --transport in-process|tcp  How the GC reaches the fake (default in-process).
      --profile NAME|all          Run under this Gitea profile (repeatable), or all.
      --gc-command TEMPLATE       Judge another GC program instead of the Swift one;
                                  see docs/scenarios.md for the placeholders.
      --jobs N                    Scenarios at once (default: the core count).
      --filter TEXT               Only scenarios whose file or name contains TEXT.
      --shard I/N                 Only the I-th of N parts of the suite (by file).
      --json FILE                 Write the canonical JSON report.
      --junit FILE                Write JUnit XML.
      --markdown FILE             Write a Markdown summary.
      --last-failed FILE          Rerun only what failed in that JSON report.
      -h, --help                  Print this help.

    EXIT STATUS:
      0 all passed · 1 a scenario failed · 2 harness error · 64 usage · 65 invalid scenario file

    Other commands:
      gc-conformance profiles                 List the Gitea profiles.
      gc-conformance probe --url URL --owner OWNER --package NAME [options]
                                              Probe a real server with safe requests and
                                              name the profile it matches (--record FILE
                                              saves the answers; --replay FILE rereads them).
      gc-conformance compare OLD NEW          List what changed between two recordings.
    See gc-conformance probe --help for probe and compare.
    """

  public static func run(arguments: [String], console: Console, environment: [String: String]) async -> Int32 {
    guard let command = arguments.first else {
      console.err("error: give a command: run, probe, compare or profiles")
      console.err(usage)
      return 64
    }
    switch command {
    case "-h", "--help", "help":
      console.out(usage)
      return 0
    case "profiles":
      for profile in GiteaProfile.all {
        console.out(profile.name + (profile == GiteaProfile.default ? " (default)" : ""))
      }
      return 0
    case "probe":
      return await ProbeCommand.probe(arguments: Array(arguments.dropFirst()), console: console, environment: environment)
    case "compare":
      return ProbeCommand.compare(arguments: Array(arguments.dropFirst()), console: console)
    case "run":
      break
    default:
      console.err("error: unknown command \"\(command)\"; use run, probe, compare or profiles")
      return 64
    }

    var options = SuiteOptions(paths: [])
    var settings = ExecutionSettings()
    settings.baseEnvironment = environment
    var outputs: [String: String] = [:]
    var profiles: [String] = []
    var rest = arguments.dropFirst()[...]
    func value(_ name: String) -> String? {
      guard let next = rest.popFirst() else {
        console.err("error: \(name) needs a value")
        return nil
      }
      return next
    }
    while let argument = rest.popFirst() {
      switch argument {
      case "-h", "--help":
        console.out(usage)
        return 0
      case "--transport":
        guard let text = value(argument) else { return 64 }
        guard let mode = TransportMode(rawValue: text) else {
          console.err("error: --transport is in-process or tcp, not \"\(text)\"")
          return 64
        }
        settings.transport = mode
      case "--profile":
        guard let text = value(argument) else { return 64 }
        if text == "all" {
          options.profiles = .all
        } else {
          guard GiteaProfile.named(text) != nil else {
            console.err("error: unknown profile \"\(text)\"; gc-conformance profiles lists them")
            return 64
          }
          profiles.append(text)
        }
      case "--gc-command":
        guard let text = value(argument) else { return 64 }
        do {
          settings.gcCommand = try GCCommandTemplate(parsing: text)
        } catch {
          console.err("error: \(error.description)")
          return 64
        }
      case "--jobs":
        guard let text = value(argument) else { return 64 }
        guard let jobs = Int(text), jobs >= 1 else {
          console.err("error: --jobs needs a whole number of at least 1")
          return 64
        }
        options.jobs = jobs
      case "--filter":
        guard let text = value(argument) else { return 64 }
        options.filter = text
      case "--shard":
        guard let text = value(argument) else { return 64 }
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index)
        else {
          console.err("error: --shard needs I/N with 1 ≤ I ≤ N, such as 2/4")
          return 64
        }
        options.shard = (index, count)
      case "--json", "--junit", "--markdown", "--last-failed":
        guard let text = value(argument) else { return 64 }
        outputs[argument] = text
      default:
        if argument.hasPrefix("-") {
          console.err("error: unknown option \(argument); see gc-conformance --help")
          return 64
        }
        options.paths.append(argument)
      }
    }
    if !profiles.isEmpty, options.profiles != .all { options.profiles = .named(profiles) }
    guard !options.paths.isEmpty else {
      console.err("error: give at least one scenario file or directory")
      return 64
    }
    if let path = outputs["--last-failed"] {
      do {
        let previous = try SuiteReport.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        options.only = previous.failedKeys
        console.out("rerunning \(previous.failedKeys.count) failed scenario run(s) from \(path)")
      } catch {
        console.err("error: cannot read the report \(path): \(error.localizedDescription)")
        return 2
      }
    }

    let renderer = ConsoleRenderer(colour: console.isTerminal && environment["NO_COLOR"] == nil)
    let report = await SuiteRunner.run(options, settings: settings) { result in console.out(renderer.line(for: result)) }
    for line in renderer.summary(report) { console.out(line) }

    let writes: [(String, String)] = [
      ("--json", String(decoding: report.encoded(), as: UTF8.self)),
      ("--junit", JUnitRenderer.render(report)),
      ("--markdown", MarkdownRenderer.render(report)),
    ]
    for (option, text) in writes {
      guard let path = outputs[option] else { continue }
      do {
        try writeAtomically(text, to: path)
      } catch {
        console.err("error: cannot write \(path): \(error.localizedDescription)")
        return 2
      }
    }
    return report.exitCode
  }

  /// Writes to a temporary file beside `path`, then renames it into place.
  static func writeAtomically(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url, options: .atomic)
  }
}
