import Foundation
import Testing

@testable import RegistryGC

/// Runs the real `registry-gc` command over many random registries and fault
/// schedules and checks, from the test's own reading of the policy, that it
/// never deleted what it must keep, never deleted after a failed listing, and
/// exited with the status its documentation promises.
///
/// `GC_FUZZ_ITERATIONS` sets the number of runs (default 300) and
/// `GC_FUZZ_SEED` the seed (decimal or 0x-hex). A failure prints the seed of
/// the failing run: set `GC_FUZZ_SEED` to it and `GC_FUZZ_ITERATIONS=1` to
/// replay exactly that run.
@Suite("Randomized safety of the whole GC")
struct RandomizedSafetyTests {
  static let defaultSeed: UInt64 = 0x5EED_2025_0601_6C00
  static let defaultIterations = 300

  static func environmentNumber(_ name: String) -> UInt64? {
    guard let text = ProcessInfo.processInfo.environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty
    else { return nil }
    if text.lowercased().hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) }
    return UInt64(text)
  }

  /// The seed of run `iteration` of a session seeded with `base`; run 0's is `base` itself.
  static func seed(base: UInt64, iteration: Int) -> UInt64 {
    base &+ UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15
  }

  /// Tallies of what the runs did, printed at the end so a reader can see
  /// that the interesting paths were taken.
  struct Tally {
    var runs = 0
    var exits: [Int32: Int] = [:]
    var deletes = 0
    var servedFaults = 0
    var uncertainListings = 0
    var unknownReferences = 0
  }

  @Test func theGCNeverBreaksItsPromises() async throws {
    let base = Self.environmentNumber("GC_FUZZ_SEED") ?? Self.defaultSeed
    let iterations = Int(Self.environmentNumber("GC_FUZZ_ITERATIONS") ?? UInt64(Self.defaultIterations))
    var tally = Tally()
    var failures = 0
    for iteration in 0..<iterations {
      let seed = Self.seed(base: base, iteration: iteration)
      let problems = await Self.check(seed: seed, tally: &tally)
      guard !problems.isEmpty else { continue }
      failures += 1
      var random = SplitMix64(seed: seed)
      let scenario = RandomScenario.generate(&random)
      Issue.record(
        """
        run \(iteration) failed; replay with GC_FUZZ_SEED=0x\(String(seed, radix: 16)) GC_FUZZ_ITERATIONS=1
        \(problems.map { "- " + $0 }.joined(separator: "\n"))
        \(scenario)
        """)
      if failures >= 5 { break }
    }
    print(
      "randomized GC safety: \(tally.runs) runs from seed 0x\(String(base, radix: 16)); exits \(tally.exits.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")); \(tally.deletes) DELETEs; \(tally.servedFaults) faults served; \(tally.unknownReferences) runs with unknown references; \(tally.uncertainListings) with a too-low total"
    )
    #expect(tally.runs == iterations || failures >= 5)
  }

  /// One run: generate, execute, judge. Returns what went wrong.
  static func check(seed: UInt64, tally: inout Tally) async -> [String] {
    var random = SplitMix64(seed: seed)
    let scenario = RandomScenario.generate(&random)
    let injector = FaultInjector(faults: scenario.faults, initial: scenario.registry)
    let transport = ModelGiteaTransport(
      registry: scenario.registry, requiredToken: GCFixtures.token, interceptor: injector.interceptor)
    let run = await CommandHarness.run(scenario.arguments, transport: transport)
    let served = injector.servedFaults
    let attempts = scenario.attempts
    var problems: [String] = []

    // What must have happened, from the model and the faults actually served.
    let target = scenario.targetRows
    let packageMissing = target.isEmpty
    let listingFails = served.contains { $0.abortsListing(attempts: attempts) == true }
    let listingUncertain = served.contains { $0.abortsListing(attempts: attempts) == nil }
    let referencesKnown = scenario.readReferences && !served.contains { $0.breaksReferences(attempts: attempts) }
    let kept = scenario.oracle.kept(target, referencesKnown: referencesKnown)
    let expectedDeletions = Set(target.map(\.version)).subtracting(kept)
    let relistFails = scenario.faults.contains(.relistFails)
    let deletionFails = served.contains { $0.failsDeletion(attempts: attempts, relistFails: relistFails) }

    // What did happen.
    let deletes = transport.deletes
    var deletedNames = Set<String>()
    var deletesPerVersion: [String: Int] = [:]
    for exchange in deletes {
      guard case .deleteVersion(let owner, let package, let version) = exchange.route else { continue }
      deletedNames.insert(version)
      deletesPerVersion[version, default: 0] += 1
      if owner != "acme" || package.lowercased() != scenario.packageName {
        problems.append("DELETE for another package: \(owner)/\(package)/\(version)")
      }
    }

    // 1. Nothing the policy keeps was deleted.
    let wronglyDeleted = deletedNames.intersection(kept)
    if !wronglyDeleted.isEmpty {
      problems.append("deleted versions the policy keeps: \(wronglyDeleted.sorted())")
    }
    // 2. Each version was asked to go once, plus retries.
    for (version, count) in deletesPerVersion where count > attempts {
      problems.append("\(version) got \(count) DELETEs with --attempts \(attempts)")
    }
    // 3. The exit status and the DELETEs sent agree with what happened.
    if packageMissing || (listingFails && !listingUncertain) {
      if run.exitCode != 2 { problems.append("the listing failed or the package is missing, yet exit \(run.exitCode)") }
      if !deletes.isEmpty {
        problems.append("the listing failed or the package is missing, yet \(deletes.count) DELETEs")
      }
    } else if listingUncertain {
      // A total lower than the rows is only a hint: the listing reads on, or refuses.
      if run.exitCode == 2 && !deletes.isEmpty { problems.append("exit 2 after \(deletes.count) DELETEs") }
      if scenario.dryRun && !deletes.isEmpty { problems.append("a dry run sent \(deletes.count) DELETEs") }
    } else if scenario.dryRun {
      if run.exitCode != 0 { problems.append("a dry run exited \(run.exitCode)") }
      if !deletes.isEmpty { problems.append("a dry run sent \(deletes.count) DELETEs") }
    } else {
      if deletedNames != expectedDeletions {
        problems.append(
          "deleted \(deletedNames.sorted()) but the policy deletes \(expectedDeletions.sorted())"
            + " (missing \(expectedDeletions.subtracting(deletedNames).sorted()), extra \(deletedNames.subtracting(expectedDeletions).sorted()))"
        )
      }
      let expectedExit: Int32 = deletionFails ? 1 : 0
      if run.exitCode != expectedExit {
        problems.append("exit \(run.exitCode), expected \(expectedExit) (faults served: \(served.map(\.description)))")
      }
    }
    if !referencesKnown, scenario.readReferences, !packageMissing, !listingFails,
      let status = run.report?.packages.first?.references, status != "unknown"
    {
      problems.append("a manifest read failed but the report says references are \(status)")
    }

    // 4. The report matches the exit status and the server's answers.
    if let report = run.report {
      if report.exitCode != run.exitCode { problems.append("report exit \(report.exitCode) != \(run.exitCode)") }
      if let package = report.packages.first, package.status == "applied" {
        let answered204 = Set(
          deletes.filter { $0.status == 204 }.compactMap { exchange -> String? in
            if case .deleteVersion(_, _, let version) = exchange.route { version } else { nil }
          })
        if package.summary.deleted != answered204.count {
          problems.append("report says \(package.summary.deleted) deleted, the server deleted \(answered204.count)")
        }
      }
    } else {
      problems.append("no report")
    }
    // 5. --json prints exactly the report.
    if scenario.json {
      if run.console.out.count != 1 {
        problems.append("--json wrote \(run.console.out.count) times to stdout, not once")
      } else if let report = run.report {
        let decoded = try? JSONDecoder().decode(RunReport.self, from: Data(run.console.out[0].utf8))
        if decoded != report { problems.append("the printed JSON does not decode to the report") }
      }
    }
    // 6. The token is never printed.
    let printed = run.everythingPrinted
    if CommandHarness.leakForms(of: GCFixtures.token).contains(where: printed.contains) {
      problems.append("the token was printed")
    }

    tally.runs += 1
    tally.exits[run.exitCode, default: 0] += 1
    tally.deletes += deletes.count
    tally.servedFaults += served.count
    if listingUncertain { tally.uncertainListings += 1 }
    if !referencesKnown { tally.unknownReferences += 1 }
    return problems
  }

  @Test func theGeneratorIsReproducible() {
    var first = SplitMix64(seed: 42)
    var second = SplitMix64(seed: 42)
    let a = RandomScenario.generate(&first)
    let b = RandomScenario.generate(&second)
    #expect(a.arguments == b.arguments)
    #expect(a.faults == b.faults)
    #expect(a.registry.versions == b.registry.versions)
    #expect(first.next() == second.next())
  }

  @Test func splitMix64MatchesTheReferenceSequence() {
    // The first outputs of SplitMix64 seeded with 0, as in the published reference code.
    var random = SplitMix64(seed: 0)
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(random.next() == 0x06C4_5D18_8009_454F)
  }

  @Test func theOracleReadsThePolicyAsDocumented() {
    typealias F = GCFixtures
    let oracle = PolicyOracle(now: F.now, keepLatest: 5, keepDays: 0, patterns: [], graceSeconds: 86_400)
    // B-05 in model rows: keep-latest counts releases, children go with their last parent.
    var rows = [F.row("latest", id: 100, created: F.ago(hours: 1))]
    for release in 1...6 {
      let pushed = F.ago(days: Double(7 - release), hours: 1)
      let children = [F.digest("c\(release)1"), F.digest("c\(release)2")]
      rows += [
        F.row(children[0], id: Int64(release * 10 + 1), created: pushed),
        F.row(children[1], id: Int64(release * 10 + 2), created: pushed),
        F.row("0.\(release).0", id: Int64(release * 10 + 3), created: pushed, children: children),
      ]
    }
    let kept = oracle.kept(rows, referencesKnown: true)
    #expect(Set(rows.map(\.version)).subtracting(kept) == ["0.1.0", F.digest("c11"), F.digest("c12")])
    #expect(oracle.kept(rows, referencesKnown: false).subtracting(kept) == [F.digest("c11"), F.digest("c12")])
    #expect(PolicyOracle.glob("corpus-*", matches: "Corpus-1"))
    #expect(!PolicyOracle.glob("build-?", matches: "build-10"))
  }
}
