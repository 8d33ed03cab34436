import Foundation

/// Writes a ``ProfileMatchReport`` or a ``RecordingComparison`` for the
/// console, as JSON and as Markdown.
///
/// JSON carries every value in full; the console and Markdown show a
/// key-list field as the keys only one side has.
public enum ProbeReportRenderer {
  // MARK: Profile match

  /// How many profiles after the best match the console details by default.
  public static let consoleAlternatives = 2

  /// Console lines: what was probed, `best match: PROFILE`, notes, the
  /// ranking, then every difference from the best match and from the
  /// ``consoleAlternatives`` closest other profiles (from every profile
  /// with `allProfiles`), closest first.
  public static func consoleLines(_ report: ProfileMatchReport, allProfiles: Bool = false) -> [String] {
    let recording = report.recording
    var lines = [
      "probed \(recording.server) as \(recording.owner)/\(recording.package): \(recording.answers.count) probes; "
        + "server reports \(recording.reportedVersion ?? "no version")"
    ]
    let bestScore = report.match(for: report.bestMatch)?.score ?? 0
    lines.append("best match: \(report.bestMatch) (\(plural(bestScore, "difference")))")
    if report.tiedOnBehaviour.count > 1 {
      lines.append(
        "  \(report.tiedOnBehaviour.joined(separator: ", ")) answer these probes alike; "
          + "the reported version picked \(report.bestMatch)")
    }
    for note in report.notes { lines.append("note: \(note)") }
    lines.append("ranking: " + report.matches.map { "\($0.profile) \($0.score)" }.joined(separator: " · "))
    var detailed = report.matches.filter { $0.profile == report.bestMatch }
    detailed += report.matches.filter { $0.profile != report.bestMatch }.prefix(
      allProfiles ? report.matches.count : consoleAlternatives)
    for match in detailed {
      guard !match.differences.isEmpty else {
        lines.append("no differences from \(match.profile)")
        continue
      }
      lines.append("differences from \(match.profile) (\(match.score)):")
      for difference in match.differences {
        lines.append("  " + consoleLine(difference, expectedLabel: "expected", seenLabel: "seen"))
      }
    }
    let rest = report.matches.count - detailed.count
    if rest > 0 {
      lines.append(
        "the differences from the other \(rest) profiles are in the --json and --markdown reports "
          + "(--all prints them here)")
    }
    return lines
  }

  /// The report as JSON (sorted keys, pretty-printed).
  public static func json(_ report: ProfileMatchReport) -> Data {
    encode(
      MatchDocument(
        format: "registry-gc-probe-report/1", server: report.recording.server, owner: report.recording.owner,
        package: report.recording.package, recordedAt: report.recording.recordedAt,
        reportedVersion: report.recording.reportedVersion, bestMatch: report.bestMatch,
        tiedOnBehaviour: report.tiedOnBehaviour, notes: report.notes,
        profiles: report.matches.map {
          MatchDocument.Profile(profile: $0.profile, score: $0.score, differences: $0.differences)
        }))
  }

  /// The report as Markdown: summary, ranking table, a table of differences per profile.
  public static func markdown(_ report: ProfileMatchReport) -> String {
    let recording = report.recording
    var text = "# Probe of \(recording.server) (`\(recording.owner)/\(recording.package)`)\n\n"
    text += "Recorded \(recording.recordedAt); the server reports `\(recording.reportedVersion ?? "no version")`.\n\n"
    let bestScore = report.match(for: report.bestMatch)?.score ?? 0
    text += "**Best match: `\(report.bestMatch)`** (\(plural(bestScore, "difference"))).\n"
    if report.tiedOnBehaviour.count > 1 {
      text +=
        "\n\(report.tiedOnBehaviour.map { "`\($0)`" }.joined(separator: ", ")) answer these probes alike; "
        + "the reported version picked `\(report.bestMatch)`.\n"
    }
    if !report.notes.isEmpty {
      text += "\n" + report.notes.map { "- \($0)\n" }.joined()
    }
    text += "\n| Profile | Differences |\n|---|---:|\n"
    for match in report.matches { text += "| `\(match.profile)` | \(match.score) |\n" }
    for match in report.matches where !match.differences.isEmpty {
      text += "\n## Differences from `\(match.profile)` (\(match.score))\n\n"
      text += differenceTable(match.differences, expectedHeading: "Expected (profile)", seenHeading: "Seen (server)")
    }
    return text
  }

  // MARK: Recording comparison

  /// Console lines listing every change from the old recording to the new.
  public static func consoleLines(_ comparison: RecordingComparison) -> [String] {
    var lines = [
      "old: \(summary(comparison.old))",
      "new: \(summary(comparison.new))",
    ]
    for warning in comparison.warnings { lines.append("warning: \(warning)") }
    if comparison.changes.isEmpty {
      lines.append("no changes")
      return lines
    }
    lines.append("\(plural(comparison.changes.count, "change")):")
    for change in comparison.changes {
      lines.append("  " + consoleLine(change, expectedLabel: "old", seenLabel: "new"))
    }
    return lines
  }

  /// The comparison as JSON.
  public static func json(_ comparison: RecordingComparison) -> Data {
    encode(
      ComparisonDocument(
        format: "registry-gc-probe-comparison/1", old: side(comparison.old), new: side(comparison.new),
        warnings: comparison.warnings,
        changes: comparison.changes.map {
          ComparisonDocument.Change(probe: $0.probe, field: $0.field, old: $0.expected, new: $0.seen)
        }))
  }

  /// The comparison as Markdown.
  public static func markdown(_ comparison: RecordingComparison) -> String {
    var text = "# Probe comparison\n\n"
    text += "- Old: \(summary(comparison.old))\n- New: \(summary(comparison.new))\n"
    for warning in comparison.warnings { text += "- Warning: \(warning)\n" }
    text += "\n"
    if comparison.changes.isEmpty { return text + "No changes.\n" }
    text += "\(plural(comparison.changes.count, "change")):\n\n"
    return text + differenceTable(comparison.changes, expectedHeading: "Old", seenHeading: "New")
  }

  // MARK: Pieces

  private static func summary(_ recording: ProbeRecording) -> String {
    "\(recording.server) \(recording.owner)/\(recording.package), recorded \(recording.recordedAt), "
      + "reports \(recording.reportedVersion ?? "no version")"
  }

  private static func consoleLine(_ difference: ProbeDifference, expectedLabel: String, seenLabel: String) -> String {
    "\(difference.probe) · \(difference.field): "
      + describe(difference, expectedLabel: expectedLabel, seenLabel: seenLabel)
  }

  /// `expected "a", seen "b"`, or for key lists, the keys only one side has.
  static func describe(_ difference: ProbeDifference, expectedLabel: String, seenLabel: String) -> String {
    if let (onlyExpected, onlySeen) = keyDelta(difference) {
      var parts: [String] = []
      if !onlyExpected.isEmpty { parts.append("only \(expectedLabel): \(onlyExpected.joined(separator: ","))") }
      if !onlySeen.isEmpty { parts.append("only \(seenLabel): \(onlySeen.joined(separator: ","))") }
      return parts.joined(separator: "; ")
    }
    return "\(expectedLabel) \(shortened(difference.expected, field: difference.field)), "
      + "\(seenLabel) \(shortened(difference.seen, field: difference.field))"
  }

  /// A value for one console line: a key list facing an absent value is
  /// shown as its size and first keys.
  private static func shortened(_ value: String, field: String) -> String {
    guard value != AnswerField.absent else { return value }
    let keys = value.split(separator: ",")
    if field.hasSuffix("keys") && keys.count > 4 {
      return "\(keys.count) keys (\(keys.prefix(3).joined(separator: ",")),…)"
    }
    return quoted(value)
  }

  /// For fields holding key lists, when both sides have some: the keys only each side has.
  static func keyDelta(_ difference: ProbeDifference) -> ([String], [String])? {
    guard difference.field.hasSuffix("keys"), difference.expected != AnswerField.absent,
      difference.seen != AnswerField.absent
    else { return nil }
    let expected = difference.expected.split(separator: ",").map(String.init)
    let seen = difference.seen.split(separator: ",").map(String.init)
    return (expected.filter { !seen.contains($0) }, seen.filter { !expected.contains($0) })
  }

  private static func quoted(_ value: String) -> String {
    value == AnswerField.absent ? value : "\"\(value)\""
  }

  private static func differenceTable(
    _ differences: [ProbeDifference], expectedHeading: String, seenHeading: String
  ) -> String {
    var text = "| Probe | Field | \(expectedHeading) | \(seenHeading) |\n|---|---|---|---|\n"
    for difference in differences {
      var expected = cell(difference.expected)
      var seen = cell(difference.seen)
      if let (onlyExpected, onlySeen) = keyDelta(difference) {
        expected = onlyExpected.isEmpty ? "" : "only here: " + cell(onlyExpected.joined(separator: ","))
        seen = onlySeen.isEmpty ? "" : "only here: " + cell(onlySeen.joined(separator: ","))
      }
      text += "| `\(difference.probe)` | \(difference.field) | \(expected) | \(seen) |\n"
    }
    return text
  }

  private static func cell(_ value: String) -> String {
    value == AnswerField.absent
      ? "_absent_"
      : "`" + value.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'") + "`"
  }

  private static func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }

  private static func encode(_ value: some Encodable) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    var data = (try? encoder.encode(value)) ?? Data()
    data.append(0x0A)
    return data
  }

  private static func side(_ recording: ProbeRecording) -> ComparisonDocument.Side {
    ComparisonDocument.Side(
      server: recording.server, owner: recording.owner, package: recording.package,
      recordedAt: recording.recordedAt, reportedVersion: recording.reportedVersion)
  }

  private struct MatchDocument: Encodable {
    struct Profile: Encodable {
      var profile: String
      var score: Int
      var differences: [ProbeDifference]
    }
    var format: String
    var server: String
    var owner: String
    var package: String
    var recordedAt: String
    var reportedVersion: String?
    var bestMatch: String
    var tiedOnBehaviour: [String]
    var notes: [String]
    var profiles: [Profile]
  }

  private struct ComparisonDocument: Encodable {
    struct Side: Encodable {
      var server: String
      var owner: String
      var package: String
      var recordedAt: String
      var reportedVersion: String?
    }
    struct Change: Encodable {
      var probe: String
      var field: String
      var old: String
      var new: String
    }
    var format: String
    var old: Side
    var new: Side
    var warnings: [String]
    var changes: [Change]
  }
}
