import Foundation

/// The settings of one `registry-gc` run, from the command line and the
/// environment. Parsing is pure so that it can be tested without a process.
public struct GCOptions: Sendable, Equatable {
  public var host: URL
  public var owner: String
  public var packages: [String]
  public var policy: KeepPolicy
  public var dryRun = false
  public var json = false
  public var concurrency = 4
  /// More connections than this to one Gitea is a mistake, not a setting.
  public static let maximumConcurrency = 256
  /// Idle timeout per request, whole seconds.
  public var timeoutSeconds = 30
  /// Attempts per request for transient failures (429, 502-504, dropped connections).
  public var attempts = 4
  public var readReferences = true
  public var userAgent = GCOptions.defaultUserAgent
  public var token: Secret?
  /// The clock, fixed for reproducing a run; `nil` is the wall clock.
  public var now: Date?
  public var showProgress = true
  /// The HTTP client (`--http-client`); `auto` picks by the host's scheme.
  public var httpClient = HTTPClientChoice.auto

  public static let version = "1.0.0"
  public static let defaultUserAgent = "registry-gc/\(version)"

  public init(host: URL, owner: String, packages: [String], policy: KeepPolicy = KeepPolicy()) {
    self.host = host
    self.owner = owner
    self.packages = packages
    self.policy = policy
  }
}

/// A command line that cannot be run; printed with the usage and exit 64.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// What the command line asks for.
public enum GCInvocation: Sendable, Equatable {
  case run(GCOptions)
  case help
  case version
}

extension GCOptions {
  public static let usage = """
    USAGE: registry-gc --owner OWNER --package NAME [options]

    Deletes old tags of a Gitea or Forgejo container package. A version is kept
    when it is `latest`, matches a --keep pattern, is among the --keep-latest most
    recent other tags, is younger than --keep-days, or is a digest that a kept
    tag's image index references. Everything else is deleted.

    OPTIONS:
      --owner OWNER          The user or organisation owning the package.
      --package NAME         The package (image) name; repeat for several.
      --keep-days N          Keep versions younger than N days (default 180).
      --keep-latest N        Keep the N most recent other tags (default 6).
      --keep GLOB            Keep tags matching GLOB (* and ?); repeatable.
                             Default: corpus-*. `latest` is always kept.
      --dry-run              Print the plan; delete nothing.
      --json                 Print the plan and results as JSON on stdout.
      --host URL             Gitea's root URL (or env GITEA_HOST).
      --concurrency N        Connections to the server, so requests at once: list
                             pages and deletions in flight (default 4, at most 256).
      --timeout SECONDS      Idle timeout per request, whole seconds (default 30).
      --attempts N           Tries per request on 429/502/503/504 and dropped
                             connections (default 4; 1 turns retrying off).
      --digest-grace DURATION
                             Keep unreferenced sha256: digests younger than this
                             (default 24h; units s, m, h, d).
      --no-references        Do not read image indexes; keep every digest.
      --user-agent TEXT      User-Agent to send (default \(defaultUserAgent)).
      --http-client auto|urlsession|socket
                             The HTTP client: socket (plain http only, lean
                             keep-alive connections) or urlsession; auto (the
                             default) takes socket for http:// hosts and
                             urlsession for https://.
      --now TIME             Take TIME (RFC 3339) as now, to reproduce a run.
      --no-progress          No progress line on a terminal.
      --version              Print the version.
      -h, --help             Print this help.

    ENVIRONMENT:
      GITEA_TOKEN            Personal access token (read:package, write:package).
      GITEA_HOST             Gitea's root URL, when --host is not given.

    EXIT STATUS:
      0  done (also: nothing to delete, and --dry-run)
      1  some deletions failed; the rest went through
      2  stopped before deleting anything (cannot list, not found, unauthorized,
         blocked by a proxy, an unsafe plan); with several packages, for at
         least one of them
      64 usage error
    """

  static let valueOptions: Set<String> = [
    "--owner", "--package", "--keep-days", "--keep-latest", "--keep", "--host", "--concurrency", "--timeout",
    "--attempts", "--digest-grace", "--user-agent", "--now", "--http-client",
  ]
  static let flagOptions: Set<String> = [
    "--dry-run", "--json", "--no-references", "--no-progress", "--version", "--help", "-h",
  ]

  /// Reads `arguments` (without the program name) and `environment`.
  public static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> GCInvocation {
    var values: [String: [String]] = [:]
    var flags = Set<String>()
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      var name = argument
      var inlineValue: String?
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      if flagOptions.contains(name) {
        guard inlineValue == nil else { throw UsageError("\(name) takes no value") }
        flags.insert(name)
      } else if valueOptions.contains(name) {
        if let inlineValue {
          values[name, default: []].append(inlineValue)
        } else {
          guard index < arguments.count else { throw UsageError("\(name) needs a value") }
          values[name, default: []].append(arguments[index])
          index += 1
        }
      } else if argument.hasPrefix("-") {
        let known = valueOptions.union(flagOptions).filter { $0.hasPrefix("--") }
        let suggestion = known.min { EditDistance.between(name, $0) < EditDistance.between(name, $1) }
        var message = "unknown option \(name)"
        if let suggestion, EditDistance.between(name, suggestion) <= 3 { message += "; did you mean \(suggestion)?" }
        throw UsageError(message)
      } else {
        throw UsageError("unexpected argument \"\(argument)\"")
      }
    }
    if flags.contains("--help") || flags.contains("-h") { return .help }
    if flags.contains("--version") { return .version }

    func single(_ name: String) throws(UsageError) -> String? {
      guard let list = values[name] else { return nil }
      guard list.count == 1 else { throw UsageError("\(name) is given \(list.count) times; give it once") }
      return list[0]
    }
    func integer(_ name: String, default value: Int, minimum: Int, maximum: Int = Int.max) throws(UsageError) -> Int {
      guard let text = try single(name) else { return value }
      guard let number = Int(text), number >= minimum, number <= maximum else {
        let range = maximum == Int.max ? "of at least \(minimum)" : "from \(minimum) to \(maximum)"
        throw UsageError("\(name) needs a whole number \(range), got \"\(text)\"")
      }
      return number
    }

    guard let owner = try single("--owner"), !owner.isEmpty else { throw UsageError("--owner is required") }
    // "." and ".." would be read as path steps, not names, by URL handling.
    guard !PathSegment.isDotSegment(owner) else { throw UsageError("--owner \"\(owner)\" is not an owner name") }
    let packages = values["--package"] ?? []
    guard !packages.isEmpty else { throw UsageError("--package is required") }
    if let empty = packages.first(where: {
      $0.isEmpty || $0.hasPrefix("/") || $0.hasSuffix("/") || $0.split(separator: "/").contains { PathSegment.isDotSegment(String($0)) }
    }) {
      throw UsageError("--package \"\(empty)\" is not a package name")
    }
    guard let hostText = try single("--host") ?? environment["GITEA_HOST"], !hostText.isEmpty else {
      throw UsageError("no Gitea host: give --host URL or set GITEA_HOST (for example https://git.example.com)")
    }
    guard let host = URL(string: hostText), let scheme = host.scheme?.lowercased(), scheme == "http" || scheme == "https",
      host.host != nil
    else {
      throw UsageError("the host \"\(hostText)\" is not an http(s) URL")
    }
    if host.path.hasSuffix("/api/v1") || host.path.hasSuffix("/api/v1/") {
      throw UsageError("the host \"\(hostText)\" ends in /api/v1; give Gitea's root URL, without /api/v1")
    }

    var policy = KeepPolicy(
      keepLatest: try integer("--keep-latest", default: KeepPolicy.defaultKeepLatest, minimum: 0),
      keepDays: try integer("--keep-days", default: KeepPolicy.defaultKeepDays, minimum: 0))
    if let patterns = values["--keep"] {
      if let empty = patterns.first(where: \.isEmpty) { throw UsageError("--keep \"\(empty)\" is an empty pattern") }
      policy.keepPatterns = [Glob("latest")] + patterns.map(Glob.init)
    }
    if let grace = try single("--digest-grace") {
      guard let duration = DurationText.parse(grace) else {
        throw UsageError("--digest-grace needs a duration such as 24h, 90m or 2d (at most 100 years), got \"\(grace)\"")
      }
      policy.digestGracePeriod = duration
    }

    var options = GCOptions(host: host, owner: owner, packages: packages, policy: policy)
    options.dryRun = flags.contains("--dry-run")
    options.json = flags.contains("--json")
    options.readReferences = !flags.contains("--no-references")
    options.showProgress = !flags.contains("--no-progress")
    options.concurrency = try integer("--concurrency", default: 4, minimum: 1, maximum: GCOptions.maximumConcurrency)
    options.timeoutSeconds = try integer("--timeout", default: 30, minimum: 1, maximum: 86_400)
    options.attempts = try integer("--attempts", default: 4, minimum: 1)
    if let userAgent = try single("--user-agent") {
      guard !userAgent.isEmpty, !userAgent.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
        throw UsageError("--user-agent must be one non-empty line")
      }
      options.userAgent = userAgent
    }
    if let clientText = try single("--http-client") {
      guard let choice = HTTPClientChoice(rawValue: clientText) else {
        throw UsageError("--http-client needs auto, urlsession or socket, got \"\(clientText)\"")
      }
      if choice == .socket, host.scheme?.lowercased() != "http" {
        throw UsageError("--http-client socket speaks plain http only; use urlsession or auto for \(hostText)")
      }
      options.httpClient = choice
    }
    if let nowText = try single("--now") {
      guard let now = Timestamp.parse(nowText) else { throw UsageError("--now needs an RFC 3339 time, got \"\(nowText)\"") }
      options.now = now
    }
    guard let token = environment["GITEA_TOKEN"], !token.isEmpty else {
      throw UsageError("GITEA_TOKEN is not set: export a Gitea personal access token with the read:package and write:package scopes")
    }
    guard !token.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else { throw UsageError("GITEA_TOKEN holds a line break") }
    options.token = Secret(token)
    return .run(options)
  }
}

/// Durations written as a number and a unit: `90s`, `30m`, `24h`, `2d`.
enum DurationText {
  /// The longest duration accepted: 100 years, far past any sensible grace.
  static let longestSeconds = 100 * 366 * 86_400

  static func parse(_ text: String) -> Duration? {
    guard let unit = text.last, let number = Int(text.dropLast()), number >= 0 else { return nil }
    let seconds: Int
    switch unit {
    case "s": seconds = 1
    case "m": seconds = 60
    case "h": seconds = 3600
    case "d": seconds = 86_400
    default: return nil
    }
    guard number <= longestSeconds / seconds else { return nil }
    return .seconds(number * seconds)
  }
}

/// Levenshtein distance, for "did you mean" suggestions.
enum EditDistance {
  static func between(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
