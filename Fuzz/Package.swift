// swift-tools-version:6.0
//
// libFuzzer targets for the hand-written parsers: the fake Gitea's HTTP
// request parser and the GC's list page decoder. A separate
// package because `--sanitize fuzzer` builds every executable with
// `-parse-as-library` and links libFuzzer's own `main`, which the main
// package's command-line tools cannot take. See README.md for the commands.

import PackageDescription

// SwiftPM names a path dependency after its directory, so the main package's
// identity is whatever the checkout folder is called ("main", "registry-gc").
let mainPackageIdentity =
  Context.packageDirectory
  .split(separator: "/").dropLast().last.map { $0.lowercased() } ?? "registry-gc"

let package = Package(
  name: "registry-gc-fuzz",
  dependencies: [
    .package(path: "..")
  ],
  targets: [
    .executableTarget(
      name: "FuzzHTTPRequestParser",
      dependencies: [.product(name: "FakeGitea", package: mainPackageIdentity)]
    ),
    .executableTarget(
      name: "FuzzListPageDecoder",
      dependencies: [.product(name: "RegistryGC", package: mainPackageIdentity)]
    ),
  ],
  swiftLanguageModes: [.v6]
)
