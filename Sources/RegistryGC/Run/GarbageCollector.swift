import Foundation
import Synchronization

/// Lists, plans and deletes, for one package at a time.
public struct GarbageCollector: Sendable {
  public var client: GiteaClient
  /// Reads image-index references; `nil` keeps every digest.
  public var referenceReader: (any ManifestReferenceReader)?
  public var policy: KeepPolicy
  /// Deletions in flight at once.
  public var concurrency: Int

  public init(
    client: GiteaClient, referenceReader: (any ManifestReferenceReader)?, policy: KeepPolicy, concurrency: Int = 4
  ) {
    self.client = client
    self.referenceReader = referenceReader
    self.policy = policy
    self.concurrency = max(1, concurrency)
  }

  /// Lists the package and decides every version. Throws, having deleted
  /// nothing, when the listing is incomplete or the package does not exist.
  public func plan(owner: String, package: String, now: Date) async throws(GCError) -> Plan {
    let listing = try await client.listVersions(owner: owner, package: package)
    guard !listing.versions.isEmpty else {
      var message = "No package named \"\(package)\" owned by \"\(owner)\" was found"
      if !listing.otherPackages.isEmpty {
        message += " (the search also matched: \(listing.otherPackages.prefix(5).map { PrintableText.escaped($0, limit: 60) }.joined(separator: ", ")))"
      }
      throw GCError(.notFound, message + ". Check --owner and --package.")
    }
    var references = ReferenceStatus.notNeeded
    if listing.versions.contains(where: \.isDigest) {
      let kept = Planner.keptTags(listing.versions, now: now, policy: policy).map(\.version)
      if let referenceReader {
        let listed = Set(listing.versions.filter { !$0.isDigest }.map(\.version))
        references = await referenceReader.references(
          owner: owner, image: package, keptTags: kept, listedTags: listed)
      } else {
        references = .unknown("reading image-index references is turned off")
      }
    }
    var plan = Planner.plan(
      owner: owner, package: package, versions: listing.versions, now: now, policy: policy, references: references)
    plan.warnings.insert(contentsOf: listing.warnings, at: 0)
    // Only patterns someone chose are worth a warning; the default corpus-*
    // matching nothing is the normal case for most packages.
    let chosen = policy.keepPatterns == KeepPolicy.defaultKeepPatterns ? [] : policy.keepPatterns
    let unmatched = chosen.filter { pattern in
      pattern.pattern.lowercased() != "latest" && !listing.versions.contains { pattern.matches($0.version) }
    }
    for pattern in unmatched {
      plan.warnings.append("keep pattern \(pattern) matches no version of \(owner)/\(package)")
    }
    return plan
  }

  /// DELETEs handed at once to a transport that keeps at most
  /// ``concurrency`` of them at the server, per connection. The ones
  /// waiting in the transport's queue let a connection send its next
  /// request the moment an answer arrives, without a round through the
  /// task that sent the last one: on loopback, about a fifth of the time.
  public static let deletionsQueuedPerConnection = 4

  /// Deletes `versions`, with at most ``concurrency`` requests at the server
  /// at once. Workers take the next version as soon as their last DELETE is
  /// answered (no task per deletion, none waiting on another). There are
  /// ``concurrency`` of them, or, when the transport itself holds no more
  /// than that many requests at the server (``HTTPTransport/connectionLimit``),
  /// ``deletionsQueuedPerConnection`` times as many.
  func deleteAll(
    _ versions: [String], owner: String, package: String, progress: (@Sendable (Int, Int) -> Void)?
  ) async -> [String: DeleteOutcome] {
    let queue = DeletionQueue(versions: versions)
    let client = self.client
    var workers = concurrency
    if let limit = client.transport.connectionLimit, limit <= concurrency,
      concurrency <= Int.max / Self.deletionsQueuedPerConnection
    {
      workers = concurrency * Self.deletionsQueuedPerConnection
    }
    await withTaskGroup(of: Void.self) { group in
      for _ in 0..<min(workers, versions.count) {
        group.addTask {
          while let version = queue.claimNext() {
            let outcome = await client.deleteVersion(owner: owner, package: package, version: version)
            queue.record(outcome, for: version, progress: progress)
          }
        }
      }
    }
    return queue.outcomes
  }

  /// Deletes what the plan says, `concurrency` at a time, after checking the
  /// plan's safety once more. A 404 counts as "already gone" only if a fresh
  /// listing confirms the version is absent; otherwise it is a failure (a
  /// wrong URL also answers 404).
  public func apply(_ plan: Plan, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws(GCError) -> ApplyResult {
    let problems = SafetyCheck.violations(of: plan)
    guard problems.isEmpty else {
      throw GCError(
        .invariantViolated,
        "The plan for \(plan.owner)/\(plan.package) breaks a safety rule, so nothing was deleted: "
          + problems.joined(separator: "; "))
    }
    let targets = plan.deletions.map(\.version.version)
    let outcomes = await deleteAll(targets, owner: plan.owner, package: plan.package, progress: progress)

    var results = targets.map { version -> DeletionResult in
      switch outcomes[version] ?? .failed("not attempted") {
      case .deleted: DeletionResult(version: version, status: .deleted)
      case .notFound(let message): DeletionResult(version: version, status: .failed, message: "HTTP 404: \(message)")
      case .failed(let message): DeletionResult(version: version, status: .failed, message: message)
      }
    }
    let answered404 = Set(targets.filter { if case .notFound = outcomes[$0] { true } else { false } })
    var warnings: [String] = []
    if !answered404.isEmpty {
      do {
        let still = Set(try await client.listVersions(owner: plan.owner, package: plan.package).versions.map(\.version))
        for index in results.indices where answered404.contains(results[index].version) {
          if still.contains(results[index].version) {
            results[index].message = "DELETE answered 404 but the version is still listed, so the delete URL is wrong"
          } else {
            results[index].status = .alreadyGone
            results[index].message = nil
            warnings.append("\(results[index].version) was already gone (deleted by someone else?)")
          }
        }
      } catch {
        warnings.append("could not list again to confirm 404s as already gone: \(error.message)")
      }
    }
    return ApplyResult(results: results, warnings: warnings)
  }
}

/// The versions left to delete and what became of those done, shared by
/// the deleting workers.
private final class DeletionQueue: Sendable {
  private let versions: [String]
  private let state = Mutex((next: 0, outcomes: [String: DeleteOutcome]()))

  init(versions: [String]) {
    self.versions = versions
  }

  func claimNext() -> String? {
    state.withLock { state in
      guard state.next < versions.count else { return nil }
      defer { state.next += 1 }
      return versions[state.next]
    }
  }

  /// Records an outcome and reports the count done. The report is made
  /// under the lock, so counts reach `progress` in order.
  func record(_ outcome: DeleteOutcome, for version: String, progress: (@Sendable (Int, Int) -> Void)?) {
    state.withLock { state in
      state.outcomes[version] = outcome
      progress?(state.outcomes.count, versions.count)
    }
  }

  var outcomes: [String: DeleteOutcome] { state.withLock { $0.outcomes } }
}

/// What applying a plan did.
public struct ApplyResult: Sendable, Equatable {
  public var results: [DeletionResult]
  public var warnings: [String]

  public var deletedCount: Int { results.count { $0.status == .deleted } }
  public var alreadyGoneCount: Int { results.count { $0.status == .alreadyGone } }
  public var failedCount: Int { results.count { $0.status == .failed } }
}

public struct DeletionResult: Sendable, Equatable {
  public enum Status: String, Sendable, Equatable {
    case deleted
    case alreadyGone = "already-gone"
    case failed
  }

  public var version: String
  public var status: Status
  public var message: String?

  public init(version: String, status: Status, message: String? = nil) {
    self.version = version
    self.status = status
    self.message = message
  }
}
