import Foundation
import Testing
@testable import FakeGitea

@Suite struct RegistryTmpPerfTests {
  @Test func many() throws {
    let versions = (0..<2000).map { SeedVersion(version: "t\($0)", created: RegistryFixture.now.addingTimeInterval(Double($0))) }
    let seed = GiteaSeed(tokens: [SeedToken(value: "w", user: "alice", scopes: ["write:package"])], packages: [SeedPackage(owner: "alice", name: "big", versions: versions)])
    let (gitea, _) = RegistryFixture.gitea(seed: seed)
    let alice = try RegistryClient.signedIn(gitea, user: "alice", password: "w")
    let clock = ContinuousClock()
    var start = clock.now
    let miss = alice.send("DELETE", "/v2/alice/big/manifests/sha256:" + String(repeating: "f", count: 64))
    print("first digest scan", clock.now - start, miss.status)
    start = clock.now
    _ = alice.send("DELETE", "/v2/alice/big/manifests/sha256:" + String(repeating: "f", count: 64))
    print("second digest scan", clock.now - start)
    start = clock.now
    _ = alice.send("GET", "/v2/alice/big/tags/list")
    print("tags", clock.now - start)
  }
}
