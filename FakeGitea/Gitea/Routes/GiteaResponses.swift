import Foundation

/// The response shapes Gitea's API layer produces.
enum GiteaResponses {
  static let jsonContentType = "application/json;charset=utf-8"

  /// A JSON body written as Go's `json.Encoder` writes it (trailing newline).
  static func json(_ status: Int, _ value: GoJSON, headers: [HeaderField] = []) -> ServerResponse {
    ServerResponse(
      status: status, headers: headers + [HeaderField("Content-Type", jsonContentType)],
      body: value.encoderBodyData)
  }

  /// ``json(_:_:headers:)`` for a value already encoded as `encoded`.
  static func json(_ status: Int, encoded: consuming [UInt8], headers: [HeaderField] = []) -> ServerResponse {
    var body = encoded
    body.append(UInt8(ascii: "\n"))
    return ServerResponse(
      status: status, headers: headers + [HeaderField("Content-Type", jsonContentType)], body: Data(body))
  }

  /// `APIError`: `{"message":…,"url":"<ROOT_URL>api/swagger"}`.
  static func apiError(_ status: Int, _ message: String, rootURL: String) -> ServerResponse {
    json(status, .object([("message", .string(message)), ("url", .string(swaggerURL(rootURL)))]))
  }

  /// `NotFound` / `APIErrorNotFound`: a Go map, so its keys come out sorted.
  static func genericNotFound(profile: GiteaProfile, rootURL: String) -> ServerResponse {
    var members: [(String, GoJSON)] = []
    switch profile.notFoundErrors {
    case .null: members.append(("errors", .null))
    case .emptyArray: members.append(("errors", .array([])))
    case .omitted: break
    }
    members.append(("message", .string(profile.notFoundMessage)))
    members.append(("url", .string(swaggerURL(rootURL))))
    return json(404, .object(members))
  }

  /// Go's `http.NotFound`, which chi and Gitea use for unmatched paths.
  static func plainNotFound() -> ServerResponse {
    ServerResponse(
      status: 404,
      headers: [
        HeaderField("Content-Type", "text/plain; charset=utf-8"),
        HeaderField("X-Content-Type-Options", "nosniff"),
      ],
      body: Data("404 page not found\n".utf8))
  }

  /// chi's default 405: an `Allow` header per method and no body.
  static func methodNotAllowed(allowed: [String]) -> ServerResponse {
    ServerResponse(status: 405, headers: allowed.map { HeaderField("Allow", $0) })
  }

  /// What Go's HTTP server sends for a request target it cannot parse.
  static func badRequest() -> ServerResponse {
    ServerResponse(
      status: 400,
      headers: [
        HeaderField("Content-Type", "text/plain; charset=utf-8"),
        HeaderField("Connection", "close"),
      ],
      body: Data("400 Bad Request".utf8))
  }

  /// `ctx.Status(204)`: no body, no content type.
  static func noContent() -> ServerResponse {
    ServerResponse(status: 204)
  }

  static func swaggerURL(_ rootURL: String) -> String { rootURL + "api/swagger" }
}
