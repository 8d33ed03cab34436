import FakeGitea
import Foundation
import Glibc

/// Starts a server on a kernel-chosen port for the duration of `body`.
@discardableResult
func withServer<Result>(
  limits: LoopbackHTTPServer.Limits = LoopbackHTTPServer.Limits(),
  handler: @escaping LoopbackHTTPServer.Handler,
  _ body: (LoopbackHTTPServer) async throws -> Result
) async throws -> Result {
  let server = LoopbackHTTPServer(limits: limits, handler: handler)
  try server.start()
  defer { server.stop() }
  return try await body(server)
}

/// A handler that echoes what it received: method, target, body, and the
/// connection and request numbers in headers.
let echoHandler: LoopbackHTTPServer.Handler = { request, connection in
  ServerResponse(
    status: 200,
    headers: [
      HeaderField("Content-Type", "text/plain"),
      HeaderField("X-Method", request.method),
      HeaderField("X-Target", request.target),
      HeaderField("X-Connection", String(connection.connectionID)),
      HeaderField("X-Request-Number", String(connection.requestNumber)),
    ],
    body: request.body)
}

/// Waits (up to `timeout`) for a condition that another thread makes true,
/// such as a counter that settles after a connection thread finishes.
func eventually(timeout: Duration = .seconds(3), _ condition: () -> Bool) -> Bool {
  let clock = ContinuousClock()
  let deadline = clock.now.advanced(by: timeout)
  while clock.now < deadline {
    if condition() { return true }
    usleep(2_000)
  }
  return condition()
}

/// A request head with `Host`, as HTTP/1.1 requires.
func requestText(_ method: String = "GET", _ target: String = "/", headers: [String] = [], body: String = "") -> String
{
  var lines = ["\(method) \(target) HTTP/1.1", "Host: 127.0.0.1"] + headers
  if !body.isEmpty { lines.append("Content-Length: \(body.utf8.count)") }
  return lines.joined(separator: "\r\n") + "\r\n\r\n" + body
}
