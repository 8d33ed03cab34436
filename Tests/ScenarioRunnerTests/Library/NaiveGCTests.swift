import Foundation
import ScenarioRunner
import Testing

/// Runs the whole scenario library with `Fixtures/naive_gc.py`, a GC written
/// with the seed script's faults (one list page, every 404 is fine, digests
/// counted as tags, no encoding, no retries), and checks that exactly the
/// scenarios for those faults catch it. A scenario leaving this set means it
/// no longer tells a careless GC from a careful one; a new scenario that
/// catches the naive GC belongs in it.
@Suite struct NaiveGCTests {
  static let fixture: String = {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()
    url.deleteLastPathComponent()
    return url.appendingPathComponent("Fixtures/naive_gc.py").path
  }()

  static let pythonAvailable: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
  }()

  /// Scenario files (relative to scenarios/) the naive GC must fail, each for
  /// a fault it really has; see the comments for which.
  static let expectedFailures: Set<String> = [
    // Reads one page of 30 rows.
    "listing/page-past-end-is-empty.json",
    "listing/sibling-rows-use-page-slots.json",
    "listing/thirty-one-tags-second-default-page.json",
    "listing/total-count-overstates-rows.json",
    "listing/total-count-changes-during-listing.json",
    "listing/server-ignores-page-parameter.json",
    "faults/list-page-2-500-nothing-deleted.json",
    "faults/list-page-2-503-once-then-ok.json",
    "production-bugs/single-page-listing-b22.json",
    // Every 404 means "nothing to do" or "deleted".
    "auth-and-proxy/missing-owner-404.json",
    "faults/delete-404-but-still-listed.json",
    "faults/deleted-between-list-and-delete.json",
    "production-bugs/list-404-is-not-nothing-to-do-b37.json",
    "production-bugs/missing-package-is-not-nothing-to-do.json",
    "production-bugs/plain-text-404-wrong-host.json",
    "names/percent-in-package-is-not-a-glob.json",
    "policy/several-packages-one-missing.json",
    // Counts sha256: rows as tags and knows nothing of image indexes.
    "multi-arch/untagged-sweep-keeps-children-b01.json",
    "multi-arch/rest-delete-has-no-reference-guard-b04.json",
    "multi-arch/keep-latest-counts-tags-not-platforms-b05.json",
    "multi-arch/co-tags-share-children-b10.json",
    "multi-arch/references-unreadable-keep-all-digests.json",
    "multi-arch/no-references-flag-keeps-digests.json",
    "multi-arch/digest-grace-for-pushes-in-flight.json",
    "multi-arch/repush-orphans-old-children.json",
    // Exact, case-sensitive names; URLs built from raw names and tags (an
    // empty tag deletes the whole package on Gitea 1.26).
    "names/slash-in-name-is-percent-encoded.json",
    "faults/empty-version-row-never-deleted-gitea-1.26.json",
    "names/upper-case-package-and-pattern.json",
    "names/dot-versions-are-never-sent.json",
    // Tracebacks (exit 1) instead of exit 2, no retries, no Gitea messages.
    "auth-and-proxy/other-users-token-reads-but-cannot-delete.json",
    "auth-and-proxy/private-owner-403.json",
    "auth-and-proxy/proxy-blocks-custom-user-agent.json",
    "auth-and-proxy/proxy-html-401.json",
    "auth-and-proxy/public-only-token-private-owner.json",
    "auth-and-proxy/read-only-token-cannot-delete-gitea-1.22.json",
    "auth-and-proxy/read-only-token-cannot-delete-gitea-1.23.json",
    "auth-and-proxy/unknown-token-gitea-1.20.json",
    "auth-and-proxy/unknown-token-gitea-1.22.json",
    "auth-and-proxy/unknown-token-gitea-1.25.json",
    "auth-and-proxy/waf-blocks-delete-method.json",
    "auth-and-proxy/write-token-on-gitea-1.19-needs-delete-scope.json",
    "faults/delete-503-then-ok.json",
    "faults/delete-connection-reset-once.json",
    "faults/list-200-html-login-page.json",
    "faults/list-429-retry-after.json",
    "faults/list-503-twice-then-ok.json",
    "faults/list-connection-reset.json",
    "faults/list-garbage-then-close.json",
    "faults/list-json-object-instead-of-array.json",
    "faults/list-malformed-json.json",
    "faults/list-retry-after-beyond-budget.json",
    "faults/list-truncated-body.json",
    // Ties in API order, trusts any timestamp.
    "time/ties-broken-by-id.json",
    "time/implausible-timestamps-kept.json",
    // Options it does not have (--keep, --json, --user-agent).
    "policy/custom-keep-patterns-replace-default.json",
    "policy/json-report.json",
    "production-bugs/run-122-python-urllib-blocked.json",
  ]

  @Test(
    .enabled(if: pythonAvailable, "python3 is not on PATH, so the naive GC fixture cannot run"),
    .timeLimit(.minutes(1)))
  func theLibraryCatchesExactlyTheNaiveGCsFaults() async throws {
    var settings = ExecutionSettings()
    // -I -S: no user site or site-packages, which also starts Python faster.
    settings.gcCommand = try GCCommandTemplate(
      parsing: "python3 -I -S '\(Self.fixture)' --owner {owner} --package {package} --keep-days {keepDays}"
        + " --keep-latest {keepLatest} {dryRun:--dry-run}")
    var options = SuiteOptions(paths: [ScenarioFiles.directory])
    options.jobs = 4
    let report = await SuiteRunner.run(options, settings: settings)
    #expect(report.invalid == [])

    let prefix = ScenarioFiles.directory + "/"
    func relative(_ file: String) -> String { file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file }
    let failing = Set(report.results.filter { $0.status == .failed || $0.status == .error }.map { relative($0.file) })
    let caughtButNotListed = failing.subtracting(Self.expectedFailures).sorted()
    let listedButPassed = Self.expectedFailures.subtracting(failing).sorted()
    #expect(caughtButNotListed == [], "scenarios the naive GC now fails: \(details(report, caughtButNotListed))")
    #expect(listedButPassed == [], "scenarios that no longer catch the naive GC")
    for result in report.results where !failing.contains(relative(result.file)) {
      #expect(result.status == .passed, "\(relative(result.file)): \(result.status.rawValue)")
    }
    #expect(report.results.count == SuiteRunner.discover([ScenarioFiles.directory]).files.count)
  }

  private func details(_ report: SuiteReport, _ files: [String]) -> String {
    report.results.filter { result in files.contains { result.file.hasSuffix("/" + $0) } }
      .map { "\($0.file): \($0.failures.first ?? $0.status.rawValue)" }.joined(separator: "\n")
  }
}
