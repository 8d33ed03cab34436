// registry-gc: deletes old tags of a Gitea or Forgejo container package.
// All behaviour lives in the RegistryGC library; this only wires up the process.

import Foundation
import RegistryGC

#if canImport(Glibc)
  import Glibc
#endif

signal(SIGPIPE, SIG_IGN)
let standardOutput = FileHandle.standardOutput
let standardError = FileHandle.standardError
let console = Console(
  out: { line in try? standardOutput.write(contentsOf: Data((line + "\n").utf8)) },
  err: { line in try? standardError.write(contentsOf: Data((line + "\n").utf8)) },
  isTerminal: isatty(2) == 1)
let status = await RegistryGCCommand.run(
  arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
  console: console)
exit(status)
