import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program to completion with a time limit, capturing its output.
struct ExternalProcess {
  struct Outcome {
    var exitCode: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
  }

  struct LaunchError: Error, CustomStringConvertible {
    var description: String
  }

  /// Runs `argv` (the first element is looked up on PATH when it has no `/`).
  static func run(_ argv: [String], environment: [String: String], timeout: Duration) async throws(LaunchError) -> Outcome {
    guard let program = argv.first, let executable = resolve(program, path: environment["PATH"]) else {
      throw LaunchError(description: "cannot find the program \"\(argv.first ?? "")\" on PATH")
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gc-conformance-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw LaunchError(description: "cannot create a temporary directory: \(error.localizedDescription)")
    }
    defer { try? FileManager.default.removeItem(at: directory) }
    let outURL = directory.appendingPathComponent("stdout")
    let errURL = directory.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = Array(argv.dropFirst())
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    do {
      let out = try FileHandle(forWritingTo: outURL)
      let err = try FileHandle(forWritingTo: errURL)
      defer {
        try? out.close()
        try? err.close()
      }
      process.standardOutput = out
      process.standardError = err
      try process.run()
    } catch {
      throw LaunchError(description: "cannot start \(executable): \(error.localizedDescription)")
    }

    let deadline = ContinuousClock.now + timeout
    var timedOut = false
    while process.isRunning {
      if ContinuousClock.now >= deadline {
        timedOut = true
        process.terminate()
        let grace = ContinuousClock.now + .seconds(2)
        while process.isRunning, ContinuousClock.now < grace { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        break
      }
      try? await Task.sleep(for: .milliseconds(5))
    }
    process.waitUntilExit()
    let status: Int32 =
      process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return Outcome(
      exitCode: status,
      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
      timedOut: timedOut)
  }

  static func resolve(_ program: String, path: String?) -> String? {
    if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
    for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
      let candidate = "\(directory)/\(program)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
