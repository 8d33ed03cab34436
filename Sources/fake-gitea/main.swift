// fake-gitea: serves a scenario's in-memory Gitea on 127.0.0.1 until interrupted.
// All behaviour lives in the FakeGitea and ScenarioRunner libraries.

import Dispatch
import FakeGitea
import Foundation
import RegistryGC
import ScenarioRunner

#if canImport(Glibc)
  import Glibc
#endif

signal(SIGPIPE, SIG_IGN)
let console = Console.standardStreams()

switch FakeGiteaCommand.start(arguments: Array(CommandLine.arguments.dropFirst()), console: console) {
case .failure(let status):
  exit(status.code)
case .success(let (server, _)):
  var sources: [any DispatchSourceSignal] = []
  for number in [SIGINT, SIGTERM] {
    signal(number, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler {
      server.stop()
      exit(0)
    }
    source.resume()
    sources.append(source)
  }
  withExtendedLifetime(sources) { dispatchMain() }
}
