import Foundation
import Testing

@testable import RegistryGC

@Suite("GCOptions.parse: the command line")
struct GCOptionsTests {
  static let environment = ["GITEA_TOKEN": GCFixtures.token]
  static let withHost = ["--owner", "acme", "--package", "app", "--host"]
  static let base = withHost + ["https://git.example.com"]

  static func options(_ arguments: [String], environment: [String: String] = environment) throws -> GCOptions {
    guard case .run(let options) = try GCOptions.parse(arguments, environment: environment) else {
      throw UsageError("not a run")
    }
    return options
  }

  static func usageError(_ arguments: [String], environment: [String: String] = environment) -> String? {
    do {
      _ = try GCOptions.parse(arguments, environment: environment)
      return nil
    } catch {
      return error.message
    }
  }

  @Test func defaultsAreTheDocumentedOnes() throws {
    let options = try Self.options(Self.base)
    var expected = GCOptions(host: URL(string: "https://git.example.com")!, owner: "acme", packages: ["app"])
    expected.token = Secret(GCFixtures.token)
    #expect(options == expected)
    #expect(
      options.policy == KeepPolicy(keepLatest: 6, keepDays: 180, keepPatterns: [Glob("latest"), Glob("corpus-*")]))
    #expect(options.policy.digestGracePeriod == .seconds(86_400))
    #expect(!options.dryRun && !options.json)
    #expect(options.concurrency == 4 && options.timeoutSeconds == 30 && options.attempts == 4)
    #expect(options.readReferences && options.showProgress)
    #expect(options.userAgent == "registry-gc/1.0.0")
    #expect(options.now == nil)
  }

  @Test func everyOptionIsRead() throws {
    let options = try Self.options(
      Self.base + [
        "--package", "team/app", "--keep-days", "30", "--keep-latest=2", "--keep", "rel-*", "--keep", "v?",
        "--dry-run", "--json", "--concurrency", "7", "--timeout", "5", "--attempts", "1", "--digest-grace", "90m",
        "--no-references", "--user-agent", "curl/8", "--now", "2025-06-01T02:00:00+02:00", "--no-progress",
      ])
    #expect(options.packages == ["app", "team/app"])
    #expect(
      options.policy
        == KeepPolicy(
          keepLatest: 2, keepDays: 30, keepPatterns: [Glob("latest"), Glob("rel-*"), Glob("v?")],
          digestGracePeriod: .seconds(5_400)))
    #expect(options.dryRun && options.json && !options.readReferences && !options.showProgress)
    #expect(options.concurrency == 7 && options.timeoutSeconds == 5 && options.attempts == 1)
    #expect(options.userAgent == "curl/8")
    #expect(options.now == GCFixtures.now)
  }

  @Test(
    "digest grace durations",
    arguments: [("30s", 30), ("90m", 5_400), ("24h", 86_400), ("2d", 172_800), ("0h", 0)] as [(String, Int64)])
  func digestGraceDurations(text: String, seconds: Int64) throws {
    let options = try Self.options(Self.base + ["--digest-grace", text])
    #expect(options.policy.digestGracePeriod == .seconds(seconds))
  }

  @Test func theHostComesFromTheEnvironmentUnlessGiven() throws {
    let environment = ["GITEA_TOKEN": "t", "GITEA_HOST": "http://gitea.internal:3000"]
    let fromEnvironment = try Self.options(["--owner", "o", "--package", "p"], environment: environment)
    #expect(fromEnvironment.host.absoluteString == "http://gitea.internal:3000")
    let given = try Self.options(["--owner", "o", "--package", "p", "--host", "https://h"], environment: environment)
    #expect(given.host.absoluteString == "https://h")
  }

  @Test func helpAndVersionWinOverMissingOptions() throws {
    #expect(try GCOptions.parse(["--help"], environment: [:]) == .help)
    #expect(try GCOptions.parse(["-h"], environment: [:]) == .help)
    #expect(try GCOptions.parse(["--owner", "x", "--help"], environment: [:]) == .help)
    #expect(try GCOptions.parse(["--version"], environment: [:]) == .version)
  }

  @Test(
    "usage errors say what is wrong",
    arguments: [
      ([], "--owner is required"),
      (["--owner", "acme"], "--package is required"),
      (["--owner", "", "--package", "app"], "--owner is required"),
      (["--owner", "acme", "--package", "/app"], "--package \"/app\" is not a package name"),
      (["--owner", "acme", "--package", "team/"], "--package \"team/\" is not a package name"),
      (["--owner", "acme", "--package", ""], "--package \"\" is not a package name"),
      (
        ["--owner", "acme", "--package", "app"],
        "no Gitea host: give --host URL or set GITEA_HOST (for example https://git.example.com)"
      ),
      (withHost + ["ftp://git.example.com"], "the host \"ftp://git.example.com\" is not an http(s) URL"),
      (withHost + ["git.example.com"], "the host \"git.example.com\" is not an http(s) URL"),
      (
        withHost + ["https://git.example.com/api/v1"],
        "the host \"https://git.example.com/api/v1\" ends in /api/v1; give Gitea's root URL, without /api/v1"
      ),
      (
        withHost + ["https://git.example.com/gitea/api/v1/"],
        "the host \"https://git.example.com/gitea/api/v1/\" ends in /api/v1; give Gitea's root URL, without /api/v1"
      ),
      (base + ["--keep-days", "-1"], "--keep-days needs a whole number of at least 0, got \"-1\""),
      (base + ["--keep-latest", "six"], "--keep-latest needs a whole number of at least 0, got \"six\""),
      (base + ["--concurrency", "0"], "--concurrency needs a whole number from 1 to 256, got \"0\""),
      (base + ["--concurrency", "9223372036854775807"], "--concurrency needs a whole number from 1 to 256, got \"9223372036854775807\""),
      (base + ["--timeout", "100000"], "--timeout needs a whole number from 1 to 86400, got \"100000\""),
      (base + ["--digest-grace", "999999999999999999d"],
        "--digest-grace needs a duration such as 24h, 90m or 2d (at most 100 years), got \"999999999999999999d\""),
      (["--owner", "..", "--package", "app", "--host", "https://git.example.com"], "--owner \"..\" is not an owner name"),
      (["--owner", "acme", "--package", ".", "--host", "https://git.example.com"], "--package \".\" is not a package name"),
      (["--owner", "acme", "--package", "team/..", "--host", "https://git.example.com"], "--package \"team/..\" is not a package name"),
      (base + ["--attempts", "0"], "--attempts needs a whole number of at least 1, got \"0\""),
      (base + ["--owner", "other"], "--owner is given 2 times; give it once"),
      (base + ["--dry-run=yes"], "--dry-run takes no value"),
      (base + ["--now"], "--now needs a value"),
      (base + ["--now", "2025-06-01"], "--now needs an RFC 3339 time, got \"2025-06-01\""),
      (base + ["--keep", ""], "--keep \"\" is an empty pattern"),
      (base + ["--digest-grace", "1w"], "--digest-grace needs a duration such as 24h, 90m or 2d (at most 100 years), got \"1w\""),
      (base + ["--digest-grace", "-1h"], "--digest-grace needs a duration such as 24h, 90m or 2d (at most 100 years), got \"-1h\""),
      (base + ["--user-agent", "a\nX-Evil: 1"], "--user-agent must be one non-empty line"),
      (base + ["--user-agent", "a\rb"], "--user-agent must be one non-empty line"),
      (base + ["--user-agent", ""], "--user-agent must be one non-empty line"),
      (base + ["--keep-day", "3"], "unknown option --keep-day; did you mean --keep-days?"),
      (base + ["--dryrun"], "unknown option --dryrun; did you mean --dry-run?"),
      (base + ["--keep-lates=3"], "unknown option --keep-lates; did you mean --keep-latest?"),
      (base + ["--xyzzy-frobnicate"], "unknown option --xyzzy-frobnicate"),
      (base + ["stray"], "unexpected argument \"stray\""),
    ] as [([String], String)])
  func usageErrors(arguments: [String], message: String) {
    #expect(Self.usageError(arguments) == message)
  }

  @Test func theTokenMustBeSetAndOneLine() {
    let notSet =
      "GITEA_TOKEN is not set: export a Gitea personal access token with the read:package and write:package scopes"
    #expect(Self.usageError(Self.base, environment: [:]) == notSet)
    #expect(Self.usageError(Self.base, environment: ["GITEA_TOKEN": ""]) == notSet)
    #expect(Self.usageError(Self.base, environment: ["GITEA_TOKEN": "abc\ndef"]) == "GITEA_TOKEN holds a line break")
  }

  /// Swift reads "\r\n" as one Character, which equals neither "\r" nor
  /// "\n", so the line-break checks in GCOptions.parse let a CRLF through
  /// into an HTTP header (GCOptions.swift, the `--user-agent` and
  /// `GITEA_TOKEN` guards).
  @Test func aCRLFPairIsALineBreakToo() {
    #expect(
      Self.usageError(Self.base + ["--user-agent", "ua\r\nX-Injected: 1"])
        == "--user-agent must be one non-empty line")
    #expect(
      Self.usageError(Self.base, environment: ["GITEA_TOKEN": "abc\r\nX-Injected: 1"])
        == "GITEA_TOKEN holds a line break")
  
  }

  @Test func theTokenNeverPrintsItself() throws {
    let options = try Self.options(Self.base)
    let secret = try #require(options.token)
    #expect(secret.description == "***")
    #expect(String(describing: secret) == "***")
    #expect(String(reflecting: secret) == "***")
    #expect(!"\(options)".contains(GCFixtures.token))
  }
}
