import FakeGitea
import Foundation
import RegistryGC

/// Hands the GC's requests straight to an ``InMemoryGitea``: no sockets, the
/// same answers. Connection faults become the errors a real client would see.
struct InProcessTransport: HTTPTransport {
  let gitea: InMemoryGitea
  /// How long a stalled answer counts as before it is an idle timeout.
  let sleeper: @Sendable (Duration) async -> Void

  func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
    var target = request.url.path(percentEncoded: true)
    if target.isEmpty { target = "/" }
    if let query = request.url.query(percentEncoded: true) { target += "?" + query }
    let headers = request.headers.fields.map { HeaderField($0.name, $0.value) }
    let response = gitea.handle(ServerRequest(method: request.method, target: target, headers: headers, body: request.body))
    if response.delay > .zero { await sleeper(response.delay) }
    switch response.disruption {
    case .reset?, .closeWithoutResponse?:
      throw TransportError(.connectionLost, "the connection to \(request.url.host ?? "the server") was lost")
    case .garbageThenClose?:
      throw TransportError(.malformedResponse, "the server at \(request.url.host ?? "?") sent something that is not HTTP")
    case .truncatedBody?:
      throw TransportError(.connectionLost, "the connection closed before the whole response arrived")
    case .stall?:
      throw TransportError(.timedOut, "the request to \(request.url.path) timed out")
    case nil:
      break
    }
    var fields = HTTPHeaders()
    for header in response.headers { fields.append(name: header.name, value: header.value) }
    let body = request.method == "HEAD" ? Data() : response.body
    return HTTPResponse(status: response.status, headers: fields, body: body)
  }
}
