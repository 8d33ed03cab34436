// swift-tools-version:6.0
//
// registry-gc: a garbage collector for Gitea and Forgejo container registries,
// the in-memory Gitea it is tested against, and the scenario runner that ties
// the two together. No dependencies beyond the Swift toolchain.

import PackageDescription

let package = Package(
  name: "registry-gc",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "RegistryGC", targets: ["RegistryGC"]),
    .library(name: "FakeGitea", targets: ["FakeGitea"]),
    .library(name: "ScenarioRunner", targets: ["ScenarioRunner"]),
    .executable(name: "registry-gc", targets: ["registry-gc"]),
    .executable(name: "fake-gitea", targets: ["fake-gitea"]),
    .executable(name: "gc-conformance", targets: ["gc-conformance"]),
    .executable(name: "gc-bench", targets: ["gc-bench"]),
  ],
  targets: [
    // MARK: The production GC
    .target(name: "RegistryGC"),
    .executableTarget(name: "registry-gc", dependencies: ["RegistryGC"]),

    // MARK: The in-memory Gitea (top level, as the project's layout asks)
    .target(name: "FakeGitea", path: "FakeGitea"),
    .executableTarget(name: "fake-gitea", dependencies: ["FakeGitea", "ScenarioRunner"]),

    // MARK: The scenario runner
    .target(name: "ScenarioRunner", dependencies: ["RegistryGC", "FakeGitea"]),
    .executableTarget(name: "gc-conformance", dependencies: ["ScenarioRunner"]),

    // MARK: Benchmarks (docs/benchmarks.md)
    .executableTarget(
      name: "gc-bench", dependencies: ["RegistryGC", "FakeGitea", "ScenarioRunner"], path: "Benchmarks/gc-bench"),

    // MARK: Tests
    .testTarget(name: "RegistryGCTests", dependencies: ["RegistryGC", "FakeGitea"]),
    .testTarget(name: "FakeGiteaTests", dependencies: ["FakeGitea"]),
    .testTarget(
      name: "ScenarioRunnerTests",
      dependencies: ["ScenarioRunner", "RegistryGC", "FakeGitea"],
      exclude: ["Fixtures"]
    ),
  ],
  swiftLanguageModes: [.v6]
)

for target in package.targets {
  var settings = target.swiftSettings ?? []
  settings.append(.enableUpcomingFeature("ExistentialAny"))
  target.swiftSettings = settings
}
