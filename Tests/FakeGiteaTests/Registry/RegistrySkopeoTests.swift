import Dispatch
import FakeGitea
import Foundation
import Testing

/// Runs skopeo, the real registry client, against the fake served over
/// loopback: a multi-platform OCI layout is copied in, inspected, its tags
/// listed and copied back out, and the REST API must show what the push
/// created.
@Suite("OCI registry: skopeo against the loopback server")
struct RegistrySkopeoTests {
  static let skopeoPath = "/usr/bin/skopeo"
  static var skopeoIsInstalled: Bool { FileManager.default.isExecutableFile(atPath: skopeoPath) }

  @Test(
    .enabled(
      if: skopeoIsInstalled, "skopeo is not installed at /usr/bin/skopeo; install it to run this real-client test"))
  func copyInspectAndListTagsWithSkopeo() throws {
    let routes = OCIRegistryRoutes()
    let gitea = InMemoryGitea(
      configuration: FakeGiteaConfiguration(routeExtensions: [routes]), seed: RegistryFixture.seed)
    let server = LoopbackHTTPServer { request, _ in gitea.handle(request) }
    try server.start()
    defer { server.stop() }
    gitea.setRootURL(server.baseURL + "/")

    let workspace = FileManager.default.temporaryDirectory
      .appendingPathComponent("registry-skopeo-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: workspace) }
    let layout = workspace.appendingPathComponent("layout", isDirectory: true)
    let image = TestImage(label: "skopeo")
    try image.writeLayout(to: layout, tag: "v1")

    let host = "127.0.0.1:\(server.port)"
    let reference = "docker://\(host)/alice/multi:v1"
    let skopeo = SkopeoRunner(executable: Self.skopeoPath, home: workspace)

    let copy = try skopeo.run([
      "--insecure-policy", "copy", "--all", "--dest-tls-verify=false", "--dest-creds", "alice:alice-write",
      "oci:\(layout.path):v1", reference,
    ])
    try #require(copy.succeeded, "skopeo copy failed: \(copy.summary)")

    let inspect = try skopeo.run([
      "inspect", "--raw", "--tls-verify=false", "--creds", "alice:alice-read", reference,
    ])
    try #require(inspect.succeeded, "skopeo inspect failed: \(inspect.summary)")
    #expect(inspect.standardOutput == image.index)

    let tags = try skopeo.run([
      "list-tags", "--tls-verify=false", "--creds", "alice:alice-read", "docker://\(host)/alice/multi",
    ])
    try #require(tags.succeeded, "skopeo list-tags failed: \(tags.summary)")
    let listed = (try JSONSerialization.jsonObject(with: tags.standardOutput)) as? [String: Any]
    #expect(listed?["Tags"] as? [String] == ["v1"])

    // Pulling back, anonymously (alice is public): skopeo fetches a Ghost
    // token and every manifest and blob.
    let pulled = workspace.appendingPathComponent("pulled", isDirectory: true)
    let pull = try skopeo.run([
      "--insecure-policy", "copy", "--all", "--src-tls-verify=false", "--src-no-creds", reference,
      "oci:\(pulled.path):v1",
    ])
    try #require(pull.succeeded, "skopeo copy (pull) failed: \(pull.summary)")
    for blob in image.platforms.flatMap({ $0.blobs + [$0.manifest] }) + [image.index] {
      let hex = ContentHashes.sha256Digest(of: blob).dropFirst("sha256:".count)
      let copied = try Data(contentsOf: pulled.appendingPathComponent("blobs/sha256/\(hex)"))
      #expect(copied == blob)
    }

    let children = image.platforms.map(\.manifestDigest)
    #expect(Set(gitea.restVersions(owner: "alice", name: "multi", token: "alice-read")) == Set(["v1"] + children))
    let index = gitea.withStore { $0.versionSnapshot(owner: "alice", name: "multi", version: "v1") }
    #expect(index?.children == children)
    #expect(routes.blobDigests(inRepository: "alice/multi").count == 4)
  }
}

/// Runs skopeo with a private `HOME`, collecting its output in files (so a
/// full pipe can never block it) and killing it after `timeout`.
struct SkopeoRunner {
  let executable: String
  let home: URL
  var timeout: DispatchTimeInterval = .seconds(60)

  struct Outcome {
    let arguments: [String]
    let status: Int32
    let timedOut: Bool
    let standardOutput: Data
    let standardError: String

    var succeeded: Bool { !timedOut && status == 0 }

    /// The command with credentials hidden, its status and its error output.
    var summary: String {
      var hidden = arguments
      for (offset, argument) in arguments.enumerated()
      where ["--creds", "--src-creds", "--dest-creds"].contains(argument) && offset + 1 < arguments.count {
        hidden[offset + 1] = "***"
      }
      let state = timedOut ? "timed out" : "exit \(status)"
      return "skopeo \(hidden.joined(separator: " ")) → \(state)\n\(standardError)"
    }
  }

  func run(_ arguments: [String]) throws -> Outcome {
    let outputURL = home.appendingPathComponent("skopeo-\(UUID().uuidString).out")
    let errorURL = home.appendingPathComponent("skopeo-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    let output = try FileHandle(forWritingTo: outputURL)
    let error = try FileHandle(forWritingTo: errorURL)
    defer {
      try? output.close()
      try? error.close()
    }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = home.path
    environment["XDG_RUNTIME_DIR"] = home.path
    environment["REGISTRY_AUTH_FILE"] = home.appendingPathComponent("auth.json").path
    process.environment = environment
    process.standardOutput = output
    process.standardError = error
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    let timedOut = finished.wait(timeout: .now() + timeout) == .timedOut
    if timedOut {
      process.terminate()
      finished.wait()
    }
    return Outcome(
      arguments: arguments, status: process.terminationStatus, timedOut: timedOut,
      standardOutput: (try? Data(contentsOf: outputURL)) ?? Data(),
      standardError: String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self))
  }
}
