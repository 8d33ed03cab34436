import Foundation

@testable import RegistryGC

/// Runs `registry-gc` in-process over a model transport and keeps everything
/// it printed, reported and sent.
struct CommandHarness {
  let exitCode: Int32
  let report: RunReport?
  let console: CapturedConsole
  let transport: ModelGiteaTransport
  /// The delays the retrying transport asked for (none is actually waited).
  let retryDelays: [Duration]

  /// The arguments of a plain run against the fixtures' host and clock.
  static func arguments(package: String = "app", _ extra: [String] = []) -> [String] {
    ["--owner", "acme", "--package", package, "--host", GCFixtures.host.absoluteString, "--now", GCFixtures.nowText]
      + extra
  }

  static func run(
    _ arguments: [String], environment: [String: String] = ["GITEA_TOKEN": GCFixtures.token],
    transport: ModelGiteaTransport, isTerminal: Bool = false
  ) async -> CommandHarness {
    let console = CapturedConsole(isTerminal: isTerminal)
    let delays = Recorder<Duration>()
    let (exitCode, report) = await RegistryGCCommand.runReporting(
      arguments: arguments, environment: environment, console: console.console, transport: transport,
      retrySleeper: { delay in delays.record(delay) })
    return CommandHarness(
      exitCode: exitCode, report: report, console: console, transport: transport,
      retryDelays: delays.recorded)
  }

  /// Every piece of text the run produced: both streams and the report's JSON.
  var everythingPrinted: String {
    console.all + "\n" + (report.map { String(decoding: $0.encoded(), as: UTF8.self) } ?? "")
  }

  /// Forms in which a token could leak: as is, and base64 in a Basic header.
  static func leakForms(of token: String) -> [String] {
    [
      token, Data("registry-gc:\(token)".utf8).base64EncodedString(), Data(token.utf8).base64EncodedString(),
    ]
  }
}
