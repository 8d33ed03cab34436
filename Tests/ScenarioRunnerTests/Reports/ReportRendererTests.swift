import Foundation
import ScenarioRunner
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct ReportRendererTests {
  static let report = SuiteReport(
    startedAt: Date(timeIntervalSince1970: 1_780_272_000), durationSeconds: 1.5, transport: "in-process",
    results: [
      ScenarioResult(file: "scenarios/a.json", name: "a passes", profile: "gitea-1.22", status: .passed, durationSeconds: 0.01),
      ScenarioResult(
        file: "scenarios/b.json", name: "b <fails> & \"quotes\"", profile: "gitea-1.22", status: .failed,
        failures: ["exit code: expected 0, got 2", "colour \u{1B}[31mred\u{1B}[0m and a bell \u{07}"],
        durationSeconds: 0.02, output: "line\u{01}with control"),
      ScenarioResult(
        file: "scenarios/c.json", name: "c errors", profile: "gitea-1.24", status: .error, failures: ["cannot start"]),
      ScenarioResult(
        file: "scenarios/d.json", name: "d skipped", profile: "gitea-1.17", status: .skipped,
        notes: ["holds only for gitea-1.22"]),
    ],
    invalid: ["scenarios/e.json:3:4: error: $.x: bad"])

  /// Collects testcases and what each holds, as a CI system would read them.
  final class JUnitReader: NSObject, XMLParserDelegate {
    var cases: [(name: String, kind: String?)] = []
    var suiteAttributes: [String: String] = [:]
    var failureMessages: [String] = []

    func parser(
      _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      switch element {
      case "testsuite": suiteAttributes = attributes
      case "testcase": cases.append((attributes["name"] ?? "", nil))
      case "failure", "error", "skipped":
        cases[cases.count - 1].kind = element
        if let message = attributes["message"] { failureMessages.append(message) }
      default: break
      }
    }
  }

  @Test func junitIsWellFormedAndDistinguishesFailureErrorAndSkipped() throws {
    let xml = JUnitRenderer.render(Self.report)
    let parser = XMLParser(data: Data(xml.utf8))
    let reader = JUnitReader()
    parser.delegate = reader
    #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
    #expect(reader.suiteAttributes["tests"] == "5")
    #expect(reader.suiteAttributes["failures"] == "1")
    #expect(reader.suiteAttributes["errors"] == "2")
    #expect(reader.suiteAttributes["skipped"] == "1")
    #expect(reader.cases.map(\.name) == [
      "a passes [gitea-1.22]", "b <fails> & \"quotes\" [gitea-1.22]", "c errors [gitea-1.24]", "d skipped [gitea-1.17]",
      "load",
    ])
    #expect(reader.cases.map(\.kind) == [nil, "failure", "error", "skipped", "error"])
    #expect(reader.failureMessages.first == "exit code: expected 0, got 2")
    #expect(!xml.contains("\u{1B}"))
    #expect(!xml.contains("\u{07}"))
  }

  @Test func summaryLineAndExitCodeFollowTheWorstOutcome() {
    #expect(Self.report.summaryLine == "1 passed, 3 failed, 1 skipped")
    #expect(Self.report.exitCode == 65)
    var noInvalid = Self.report
    noInvalid.invalid = []
    #expect(noInvalid.exitCode == 2)
    noInvalid.results.removeAll { $0.status == .error }
    #expect(noInvalid.exitCode == 1)
    noInvalid.results.removeAll { $0.status == .failed }
    #expect(noInvalid.exitCode == 0)
  }

  @Test func jsonReportRoundTripsAndListsFailedKeys() throws {
    let decoded = try SuiteReport.decode(Self.report.encoded())
    #expect(decoded == Self.report)
    #expect(decoded.failedKeys == ["scenarios/b.json [gitea-1.22]", "scenarios/c.json [gitea-1.24]"])
  }

  @Test func markdownHasAMatrixAndTheFailures() {
    let text = MarkdownRenderer.render(Self.report)
    #expect(text.hasPrefix("## Conformance: 1 passed, 3 failed, 1 skipped\n"))
    #expect(text.contains("| Scenario | gitea-1.17 | gitea-1.22 | gitea-1.24 |"))
    #expect(text.contains("| a passes |  | ✅ pass |  |"))
    #expect(text.contains("  - exit code: expected 0, got 2"))
  }

  @Test func consoleHasNoColourUnlessAsked() {
    let plain = ConsoleRenderer(colour: false).line(for: Self.report.results[1])
    #expect(plain.hasPrefix("FAIL scenarios/b.json [gitea-1.22] b <fails>"))
    #expect(plain.contains("\n      exit code: expected 0, got 2\n"))
    #expect(!ConsoleRenderer(colour: false).line(for: Self.report.results[0]).contains("\u{1B}"))
    #expect(ConsoleRenderer(colour: true).line(for: Self.report.results[0]).hasPrefix("\u{1B}[32mPASS\u{1B}[0m"))
  }
}
