// gc-conformance: runs scenario files against the in-memory Gitea.
// All behaviour lives in the ScenarioRunner library; this only wires up the process.

import Foundation
import RegistryGC
import ScenarioRunner

#if canImport(Glibc)
  import Glibc
#endif

signal(SIGPIPE, SIG_IGN)
let console = Console.standardStreams(isTerminal: isatty(1) == 1)
let status = await ConformanceCommand.run(
  arguments: Array(CommandLine.arguments.dropFirst()), console: console,
  environment: ProcessInfo.processInfo.environment)
exit(status)
