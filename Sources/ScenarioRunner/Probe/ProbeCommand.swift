import FakeGitea
import Foundation
import RegistryGC

/// `gc-conformance probe` and `gc-conformance compare`: probe a real Gitea
/// (or replay a recording) and diff it against every profile; diff two
/// recordings.
public enum ProbeCommand {
  /// The User-Agent of every probe but the Python-urllib one.
  public static let defaultUserAgent = "registry-gc-probe/1 (gc-conformance)"
  static let defaultTokenVariable = "GITEA_TOKEN"
  static let defaultTokenScopes = ["write:package"]

  public static let usage = """
    USAGE: gc-conformance probe --url URL --owner OWNER --package NAME [options]
           gc-conformance probe --replay FILE [--json FILE] [--markdown FILE] [--all]
           gc-conformance compare OLD NEW [--json FILE] [--markdown FILE]

    probe sends a fixed list of safe requests to a Gitea or Forgejo server
    (GETs, and one DELETE of a random version that a GET just showed does
    not exist), normalises the answers, sends the same requests to the fake
    in every profile, and prints the best match (a line "best match: NAME")
    and every difference. See docs/upgrade-validation.md for the list.
    compare lists what changed between two recordings (before and after an
    upgrade).

    OPTIONS (probe):
      --url URL            The server's base URL (http or https).
      --owner OWNER        The user or organisation owning the package.
      --package NAME       A container package of that owner.
      --token-env NAME     Read the token from this variable (default GITEA_TOKEN);
                           without one every probe goes out anonymously.
      --token-scopes LIST  The token's scopes, comma-separated, given to the fakes'
                           token (default write:package).
      --user-agent UA      User-Agent of the probes (default "\(defaultUserAgent)").
      --record FILE        Save the normalised answers (no token) for --replay and compare.
      --replay FILE        Diff a recording against the profiles; no network.
      --json FILE          Write the report as JSON (every profile's differences).
      --markdown FILE      Write the report as Markdown (every profile's differences).
      --all                Print every profile's differences, not only the closest three.

    EXIT STATUS:
      0 the probe ran (differences are information) · 2 the server could not be
      reached, or a file could not be read or written · 64 usage

    PROBES (in order; DELETE only after delete-check answered 404):
    """ + "\n"
    + Probe.allCases.map { "  \($0.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)) \($0.purpose)" }
    .joined(separator: "\n")

  /// The options of `probe`.
  struct Options {
    var url: URL?
    var owner: String?
    var package: String?
    var tokenVariable = defaultTokenVariable
    var tokenScopes = defaultTokenScopes
    var userAgent = defaultUserAgent
    var recordPath: String?
    var replayPath: String?
    var jsonPath: String?
    var markdownPath: String?
    var allProfiles = false
  }

  /// A usage error: the message for stderr.
  struct UsageError: Error {
    let message: String
  }

  // MARK: probe

  /// Runs `gc-conformance probe` with the arguments after `probe`.
  public static func probe(arguments: [String], console: Console, environment: [String: String]) async -> Int32 {
    let options: Options
    do {
      guard let parsed = try parseProbe(arguments) else {
        console.out(usage)
        return 0
      }
      options = parsed
    } catch {
      console.err("error: \(error.message)")
      console.err("Run gc-conformance probe --help for the options.")
      return 64
    }

    let recording: ProbeRecording
    if let replayPath = options.replayPath {
      do {
        recording = try ProbeRecording.load(path: replayPath)
      } catch {
        console.err("error: \(error.message)")
        return 2
      }
    } else {
      guard let url = options.url, let owner = options.owner, let package = options.package else { return 64 }
      let token = environment[options.tokenVariable].flatMap { $0.isEmpty ? nil : $0 }
      if token == nil {
        console.err("warning: $\(options.tokenVariable) is empty; probing anonymously")
      }
      let transport = URLSessionTransport(idleTimeout: .seconds(20), deadline: .seconds(60))
      defer { transport.invalidate() }
      let runner = ProbeRunner(
        transport: transport, baseURL: url, names: .fresh(owner: owner, package: package), token: token,
        userAgent: options.userAgent, tokenScopes: options.tokenScopes)
      do {
        recording = try await runner.run()
      } catch {
        console.err("error: \(error.message)")
        return 2
      }
      if let recordPath = options.recordPath {
        guard write(recording.encoded(), to: recordPath, console: console) else { return 2 }
        console.out("recorded \(recording.answers.count) answers in \(recordPath)")
      }
    }

    let report = await ProfileMatcher.match(recording)
    for line in ProbeReportRenderer.consoleLines(report, allProfiles: options.allProfiles) { console.out(line) }
    if let path = options.jsonPath, !write(ProbeReportRenderer.json(report), to: path, console: console) { return 2 }
    if let path = options.markdownPath,
      !write(Data(ProbeReportRenderer.markdown(report).utf8), to: path, console: console)
    {
      return 2
    }
    return 0
  }

  /// Parses the arguments after `probe`; `nil` asks for the help text.
  static func parseProbe(_ arguments: [String]) throws(UsageError) -> Options? {
    var options = Options()
    var rest = arguments[...]
    func value(_ name: String) throws(UsageError) -> String {
      guard let next = rest.popFirst(), !next.isEmpty else { throw UsageError(message: "\(name) needs a value") }
      return next
    }
    while let argument = rest.popFirst() {
      switch argument {
      case "-h", "--help":
        return nil
      case "--url":
        let text = try value(argument)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
          let host = url.host, !host.isEmpty
        else { throw UsageError(message: "--url needs an http or https URL with a host, not \"\(text)\"") }
        options.url = url
      case "--owner": options.owner = try value(argument)
      case "--package": options.package = try value(argument)
      case "--token-env": options.tokenVariable = try value(argument)
      case "--token-scopes":
        options.tokenScopes = try value(argument).split(separator: ",").map {
          $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
      case "--user-agent": options.userAgent = try value(argument)
      case "--record": options.recordPath = try value(argument)
      case "--replay": options.replayPath = try value(argument)
      case "--json": options.jsonPath = try value(argument)
      case "--markdown": options.markdownPath = try value(argument)
      case "--all": options.allProfiles = true
      default:
        throw UsageError(message: "unknown argument \(argument)")
      }
    }
    if options.replayPath != nil {
      if options.url != nil || options.owner != nil || options.package != nil || options.recordPath != nil {
        throw UsageError(message: "--replay reads a recording; it takes no --url, --owner, --package or --record")
      }
      return options
    }
    var missing: [String] = []
    if options.url == nil { missing.append("--url") }
    if options.owner == nil { missing.append("--owner") }
    if options.package == nil { missing.append("--package") }
    if !missing.isEmpty {
      throw UsageError(message: "give \(missing.joined(separator: ", ")) (or --replay FILE)")
    }
    return options
  }

  // MARK: compare

  /// Runs `gc-conformance compare` with the arguments after `compare`.
  public static func compare(arguments: [String], console: Console) -> Int32 {
    var paths: [String] = []
    var outputs: [String: String] = [:]
    var rest = arguments[...]
    while let argument = rest.popFirst() {
      switch argument {
      case "-h", "--help":
        console.out(usage)
        return 0
      case "--json", "--markdown":
        guard let path = rest.popFirst(), !path.isEmpty else {
          console.err("error: \(argument) needs a value")
          return 64
        }
        outputs[argument] = path
      default:
        if argument.hasPrefix("-") {
          console.err("error: unknown option \(argument); see gc-conformance probe --help")
          return 64
        }
        paths.append(argument)
      }
    }
    guard paths.count == 2 else {
      console.err("error: compare needs two recordings, OLD and NEW (got \(paths.count))")
      return 64
    }
    let old: ProbeRecording
    let new: ProbeRecording
    do {
      old = try ProbeRecording.load(path: paths[0])
      new = try ProbeRecording.load(path: paths[1])
    } catch {
      console.err("error: \(error.message)")
      return 2
    }
    let comparison = RecordingComparison(old: old, new: new)
    for line in ProbeReportRenderer.consoleLines(comparison) { console.out(line) }
    if let path = outputs["--json"], !write(ProbeReportRenderer.json(comparison), to: path, console: console) {
      return 2
    }
    if let path = outputs["--markdown"],
      !write(Data(ProbeReportRenderer.markdown(comparison).utf8), to: path, console: console)
    {
      return 2
    }
    return 0
  }

  private static func write(_ data: Data, to path: String, console: Console) -> Bool {
    do {
      try ConformanceCommand.writeAtomically(String(decoding: data, as: UTF8.self), to: path)
      return true
    } catch {
      console.err("error: cannot write \(path): \(error.localizedDescription)")
      return false
    }
  }
}
