// registry-gc: deletes old tags of a Gitea or Forgejo container package.
// All behaviour lives in the RegistryGC library; this only wires up the process.

import Foundation
import RegistryGC

#if canImport(Glibc)
  import Glibc
#endif

signal(SIGPIPE, SIG_IGN)
let console = Console.standardStreams(isTerminal: isatty(2) == 1)
let status = await RegistryGCCommand.run(
  arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
  console: console)
exit(status)
