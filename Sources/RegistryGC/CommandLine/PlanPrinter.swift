/// The human-readable output of a run, in the seed script's shape: a header
/// per package, a KEEP or DEL line per version with its reason, a summary.
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
    console.out(header + " ===")
    for entry in plan.entries {
      let label = entry.decision.isKeep ? "KEEP" : "DEL "
      var line = "  \(label) \(pad(entry.version.version, 28)) \(entry.decision.explanation)"
      if !entry.decision.isKeep { line += "  created=\(entry.version.createdAtText)" }
      console.out(line)
    }
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
    for item in result.results where item.status == .failed {
      console.err("  ✗ failed \(item.version): \(item.message ?? "unknown error")")
    }
    guard !quiet else { return }
    for item in result.results where item.status == .deleted {
      console.out("  ✓ deleted \(item.version)")
    }
    for item in result.results where item.status == .alreadyGone {
      console.out("  - already gone \(item.version)")
    }
    console.out(
      "done: deleted \(result.deletedCount) / \(result.results.count) version(s)"
        + " (\(result.alreadyGoneCount) already gone, \(result.failedCount) failed)")
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
