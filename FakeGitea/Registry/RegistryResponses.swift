import Foundation

/// The response shapes of Gitea's container registry (`/v2/…`).
enum RegistryResponses {
  static let apiVersionHeader = HeaderField("Docker-Distribution-Api-Version", "registry/2.0")
  static let jsonContentType = "application/json"

  /// `WWW-Authenticate` of a `/v2` 401: where to fetch a bearer token.
  static func challenge(rootURL: String) -> String {
    "Bearer realm=\"\(rootURL)v2/token\",service=\"container_registry\",scope=\"*\""
  }

  /// A JSON body as Go's `json.Encoder` writes it (with a final newline).
  static func json(_ status: Int, _ value: GoJSON, headers: [HeaderField] = []) -> ServerResponse {
    ServerResponse(
      status: status, headers: headers + [HeaderField("Content-Type", jsonContentType)],
      body: Data(value.encoderBody.utf8))
  }

  /// The distribution error body; a 401 also carries the bearer challenge.
  static func error(_ error: RegistryError, rootURL: String) -> ServerResponse {
    var entry: [(String, GoJSON)] = [("code", .string(error.code)), ("message", .string(error.message))]
    entry.append(("detail", error.detail.map { .string($0) } ?? .null))
    var headers: [HeaderField] = []
    if error.status == 401 {
      headers.append(HeaderField("WWW-Authenticate", challenge(rootURL: rootURL)))
    }
    return json(error.status, .object([("errors", .array([.object(entry)]))]), headers: headers)
  }

  /// A body-less answer (`Content-Length: 0`) with `headers`.
  static func empty(_ status: Int, headers: [HeaderField] = []) -> ServerResponse {
    ServerResponse(status: status, headers: headers + [HeaderField("Content-Length", "0")])
  }

  /// Content served with its digest.
  static func content(_ bytes: Data, contentType: String, digest: String) -> ServerResponse {
    ServerResponse(
      status: 200,
      headers: [
        HeaderField("Content-Type", contentType),
        HeaderField("Content-Length", String(bytes.count)),
        HeaderField("Docker-Content-Digest", digest),
        HeaderField("ETag", "\"\(digest)\""),
      ],
      body: bytes)
  }

  /// A `Link` header for the next page of a list: `</path?last=X&n=N>; rel="next"`.
  static func nextLink(path: String, last: String, pageSize: Int) -> HeaderField {
    let escapedLast = last.addingPercentEncoding(withAllowedCharacters: queryValueCharacters) ?? last
    return HeaderField("Link", "<\(path)?last=\(escapedLast)&n=\(pageSize)>; rel=\"next\"")
  }

  private static let queryValueCharacters = CharacterSet(
    charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
