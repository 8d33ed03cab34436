import Foundation
import Testing

@testable import RegistryGC

@Suite("GarbageCollector.plan: listing, references and the plan")
struct GarbageCollectorPlanTests {
  typealias F = GCFixtures

  static func collector(
    _ transport: ModelGiteaTransport, policy: KeepPolicy = makePolicy(keepLatest: 1, keepDays: 30),
    readReferences: Bool = true
  ) -> GarbageCollector {
    GarbageCollector(
      client: F.client(transport), referenceReader: readReferences ? F.reader(transport) : nil, policy: policy)
  }

  @Test("B-37: a package with no rows is not found")
  func aMissingPackageIsNotFound() async throws {
    let transport = F.transport([F.row("v1", id: 1, created: F.ago(days: 1), package: "app-preview")])
    do {
      _ = try await Self.collector(transport).plan(owner: "acme", package: "app", now: F.now)
      Issue.record("a missing package was planned")
    } catch {
      #expect(error.kind == .notFound)
      #expect(
        error.message
          == "No package named \"app\" owned by \"acme\" was found (the search also matched: app-preview). Check --owner and --package."
      )
    }
  }

  @Test func referencesAreReadOnlyForKeptTagsAndOnlyWhenDigestsExist() async throws {
    let child = F.digest("c")
    let transport = F.transport([
      F.row("new", id: 4, created: F.ago(days: 100), children: [child]),
      F.row("old", id: 3, created: F.ago(days: 200), children: [F.digest("d")]),
      F.row(child, id: 2, created: F.ago(days: 100)),
      F.row(F.digest("d"), id: 1, created: F.ago(days: 200)),
    ])
    let plan = try await Self.collector(transport).plan(owner: "acme", package: "app", now: F.now)
    #expect(plan.references == .known(["new": [child]]))
    #expect(plan.deletionNames == ["old", F.digest("d")])
    let manifestReads = transport.exchanges.compactMap { exchange -> String? in
      if case .manifest(_, let reference) = exchange.route { reference } else { nil }
    }
    #expect(manifestReads == ["new"])

    let tagsOnly = F.transport([F.row("a", id: 1, created: F.ago(days: 100))])
    let tagsPlan = try await Self.collector(tagsOnly).plan(owner: "acme", package: "app", now: F.now)
    #expect(tagsPlan.references == .notNeeded)
    // Page 1, and the empty page 2 that confirms the end; no /v2 requests.
    #expect(tagsOnly.requests.count == 2)
  }

  @Test func withNoKeptTagsReferencesAreKnownAndEmpty() async throws {
    let transport = F.transport([
      F.row("old", id: 2, created: F.ago(days: 200)), F.row(F.digest("d"), id: 1, created: F.ago(days: 200)),
    ])
    let plan = try await Self.collector(transport, policy: makePolicy(keepLatest: 0, keepDays: 30))
      .plan(owner: "acme", package: "app", now: F.now)
    #expect(plan.references == .known([:]))
    #expect(plan.deletionNames == ["old", F.digest("d")])
  }

  @Test func withoutAReaderEveryDigestIsKept() async throws {
    let transport = F.transport([
      F.row("t", id: 2, created: F.ago(days: 5)), F.row(F.digest("d"), id: 1, created: F.ago(days: 200)),
    ])
    let plan = try await Self.collector(transport, readReferences: false).plan(
      owner: "acme", package: "app", now: F.now)
    #expect(plan.references == .unknown("reading image-index references is turned off"))
    #expect(plan.decisionsByVersion[F.digest("d")] == .keep(.referencesUnknown))
    #expect(plan.warnings.first == "every sha256: digest is kept: reading image-index references is turned off")
  }

  @Test func aFailedManifestReadKeepsEveryDigest() async throws {
    let transport = F.transport(
      [
        F.row("t", id: 2, created: F.ago(days: 5)), F.row(F.digest("d"), id: 1, created: F.ago(days: 200)),
      ],
      interceptor: { incoming in
        if case .manifest = incoming.route { return .answer(ModelGiteaTransport.json(500, [:] as [String: String])) }
        return nil
      })
    let plan = try await Self.collector(transport).plan(owner: "acme", package: "app", now: F.now)
    #expect(plan.references == .unknown("the manifest of t could not be read (HTTP 500)"))
    #expect(plan.deletions.isEmpty)
  }

  @Test func listingWarningsComeFirstAndUnmatchedPatternsAreNamed() async throws {
    let transport = F.transport(
      [F.row("v1", id: 1, created: F.ago(days: 5))],
      interceptor: { incoming in
        guard incoming.route.isList else { return nil }
        return .rewrite { response in
          var response = response
          response.headers["X-Total-Count"] = "0"
          return response
        }
      })
    let policy = makePolicy(patterns: ["latest", "corpus-*", "release-?"])
    let plan = try await Self.collector(transport, policy: policy).plan(owner: "acme", package: "app", now: F.now)
    #expect(
      plan.warnings == [
        "read 1 versions but the server's X-Total-Count said 0",
        "keep pattern corpus-* matches no version of acme/app",
        "keep pattern release-? matches no version of acme/app",
      ])
  }
}
