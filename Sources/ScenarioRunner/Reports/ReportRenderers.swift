import Foundation

/// Console lines: one per scenario, then the closing summary.
public struct ConsoleRenderer: Sendable {
  /// Colour only on a terminal, and never with NO_COLOR set.
  public var colour: Bool

  public init(colour: Bool) {
    self.colour = colour
  }

  public func line(for result: ScenarioResult) -> String {
    let label: String
    switch result.status {
    case .passed: label = paint("PASS", 32)
    case .failed: label = paint("FAIL", 31)
    case .error: label = paint("ERROR", 31)
    case .skipped: label = paint("SKIP", 33)
    }
    let milliseconds = Int((result.durationSeconds * 1000).rounded())
    var text = "\(label) \(result.file) [\(result.profile)] \(result.name)"
    if result.status != .skipped { text += " (\(milliseconds) ms)" }
    for failure in result.failures { text += "\n      " + failure }
    if result.status == .skipped, let note = result.notes.first { text += " — \(note)" }
    return text
  }

  public func summary(_ report: SuiteReport) -> [String] {
    var lines = report.invalid.map { $0 }
    let errors = report.count(.error)
    if errors > 0 || !report.invalid.isEmpty {
      lines.append("(\(errors) harness error(s), \(report.invalid.count) invalid scenario file(s) counted as failed)")
    }
    lines.append(report.summaryLine)
    return lines
  }

  private func paint(_ text: String, _ code: Int) -> String {
    colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

/// JUnit XML: one testcase per scenario and profile; a failed expectation is
/// a `<failure>`, a harness problem an `<error>`, a scenario not run `<skipped>`.
public enum JUnitRenderer {
  public static func render(_ report: SuiteReport) -> String {
    let tests = report.results.count + report.invalid.count
    let failures = report.count(.failed)
    let errors = report.count(.error) + report.invalid.count
    let timestamp = ISO8601DateFormatter().string(from: report.startedAt)
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml += "<testsuites name=\"gc-conformance\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(report.count(.skipped))\" time=\"\(seconds(report.durationSeconds))\">\n"
    xml += "  <testsuite name=\"gc-conformance (\(escape(report.transport)))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(report.count(.skipped))\" time=\"\(seconds(report.durationSeconds))\" timestamp=\"\(timestamp)\">\n"
    for result in report.results {
      xml += "    <testcase classname=\"\(escape(result.file))\" name=\"\(escape("\(result.name) [\(result.profile)]"))\" time=\"\(seconds(result.durationSeconds))\""
      switch result.status {
      case .passed:
        xml += output(result)
      case .failed:
        xml += ">\n      <failure message=\"\(escape(result.failures.first ?? "failed"))\" type=\"expectation\">\(escape(result.failures.joined(separator: "\n")))</failure>\n"
        xml += systemOut(result) + "    </testcase>\n"
      case .error:
        xml += ">\n      <error message=\"\(escape(result.failures.first ?? "error"))\" type=\"harness\">\(escape(result.failures.joined(separator: "\n")))</error>\n"
        xml += systemOut(result) + "    </testcase>\n"
      case .skipped:
        xml += ">\n      <skipped message=\"\(escape(result.notes.first ?? "not run"))\"/>\n    </testcase>\n"
      }
    }
    for diagnostic in report.invalid {
      let file = diagnostic.split(separator: ":").first.map(String.init) ?? "scenario"
      xml += "    <testcase classname=\"\(escape(file))\" name=\"load\" time=\"0\">\n"
      xml += "      <error message=\"\(escape(diagnostic))\" type=\"invalid-scenario\">\(escape(diagnostic))</error>\n    </testcase>\n"
    }
    xml += "  </testsuite>\n</testsuites>\n"
    return xml
  }

  private static func output(_ result: ScenarioResult) -> String {
    result.output.isEmpty ? "/>\n" : ">\n" + systemOut(result) + "    </testcase>\n"
  }

  private static func systemOut(_ result: ScenarioResult) -> String {
    result.output.isEmpty ? "" : "      <system-out>\(escape(result.output))</system-out>\n"
  }

  private static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

  /// Escapes markup and drops what XML 1.0 cannot hold at all (C0 controls
  /// but tab, LF and CR; U+FFFE, U+FFFF), after removing ANSI colour codes.
  public static func escape(_ text: String) -> String {
    var result = ""
    var scalars = text.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      switch scalar {
      case "\u{1B}":
        // Skip an ANSI escape sequence: ESC [ ... final byte.
        if let next = scalars.next(), next == "[" {
          while let part = scalars.next(), !(0x40...0x7E).contains(part.value) {}
        }
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: break
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}

/// A Markdown summary for CI job pages.
public enum MarkdownRenderer {
  public static func render(_ report: SuiteReport) -> String {
    let profiles = Array(Set(report.results.map(\.profile))).sorted()
    var text = "## Conformance: \(report.summaryLine)\n\n"
    text += "Transport: \(report.transport) · \(report.results.count) run(s) · \(String(format: "%.2f", report.durationSeconds)) s\n\n"
    if !report.invalid.isEmpty {
      text += "### Invalid scenario files\n\n"
      for diagnostic in report.invalid { text += "- `\(diagnostic)`\n" }
      text += "\n"
    }
    let files = Array(Set(report.results.map(\.file))).sorted()
    text += "| Scenario | " + profiles.joined(separator: " | ") + " |\n"
    text += "|---|" + profiles.map { _ in "---" }.joined(separator: "|") + "|\n"
    for file in files {
      let rows = report.results.filter { $0.file == file }
      let name = rows.first?.name ?? file
      let cells = profiles.map { profile -> String in
        guard let result = rows.first(where: { $0.profile == profile }) else { return "" }
        switch result.status {
        case .passed: return "✅ pass"
        case .failed: return "❌ fail"
        case .error: return "💥 error"
        case .skipped: return "⏭ skip"
        }
      }
      text += "| \(name.replacingOccurrences(of: "|", with: "\\|")) | " + cells.joined(separator: " | ") + " |\n"
    }
    let problems = report.results.filter { $0.status == .failed || $0.status == .error }
    if !problems.isEmpty {
      text += "\n### Failures\n\n"
      for result in problems {
        text += "- **\(result.name)** [\(result.profile)] (`\(result.file)`)\n"
        for failure in result.failures { text += "  - \(failure)\n" }
      }
    }
    return text
  }
}
