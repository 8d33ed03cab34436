/// The human-readable output of a run, in the seed script's shape: a header
/// per package, a KEEP or DEL line per version with its reason, a summary.
/// Each block goes out in one write: a plan of thousands of versions costs
/// one system call, not thousands.
struct PlanPrinter {
  var console: Console
  /// With `--json` the plan goes out as JSON only; warnings still go to stderr.
  var quiet: Bool

  func printPlan(_ plan: Plan) {
    for warning in plan.warnings { console.err("warning: \(plan.owner)/\(plan.package): \(warning)") }
    guard !quiet else { return }
    let digests = plan.entries.count { $0.version.isDigest }
    let tags = plan.entries.count - digests
    var header = "=== \(plan.owner)/\(plan.package): \(plan.entries.count) version(s): \(tags) tag(s)"
    if digests > 0 { header += ", \(digests) digest(s)" }
    var lines = [header + " ==="]
    lines.reserveCapacity(plan.entries.count + 1)
    for entry in plan.entries {
      let label = entry.decision.isKeep ? "KEEP" : "DEL "
      var line = "  \(label) \(pad(PrintableText.escaped(entry.version.version), 28)) \(entry.decision.explanation)"
      if !entry.decision.isKeep { line += "  created=\(entry.version.createdAtText)" }
      lines.append(line)
    }
    console.out(lines.joined(separator: "\n"))
  }

  func printNothingApplied(_ plan: Plan, dryRun: Bool) {
    guard !quiet else { return }
    let count = plan.deletions.count
    if count == 0 {
      console.out("nothing to delete")
    } else if dryRun {
      console.out("--dry-run; would delete \(count) of \(plan.entries.count) version(s)")
    }
  }

  func printResult(_ result: ApplyResult, plan: Plan) {
    for warning in result.warnings { console.err("warning: \(plan.owner)/\(plan.package): \(warning)") }
    let failures = result.results.filter { $0.status == .failed }
    if !failures.isEmpty {
      console.err(failures.map { "  ✗ failed \($0.version): \($0.message ?? "unknown error")" }.joined(separator: "\n"))
    }
    guard !quiet else { return }
    var lines = result.results.filter { $0.status == .deleted }.map { "  ✓ deleted \($0.version)" }
    lines += result.results.filter { $0.status == .alreadyGone }.map { "  - already gone \($0.version)" }
    lines.append(
      "done: deleted \(result.deletedCount) / \(result.results.count) version(s)"
        + " (\(result.alreadyGoneCount) already gone, \(result.failedCount) failed)")
    console.out(lines.joined(separator: "\n"))
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
