import Foundation

/// One HTTP response the fake sends, with how to deliver it.
public struct ServerResponse: Sendable, Equatable {
  public var status: Int
  public var headers: [HeaderField]
  public var body: Data
  /// Wait this long before sending anything.
  public var delay: Duration
  /// Break the connection instead of (or while) answering. `nil` delivers
  /// the response normally.
  public var disruption: Disruption?

  public init(
    status: Int,
    headers: [HeaderField] = [],
    body: Data = Data(),
    delay: Duration = .zero,
    disruption: Disruption? = nil
  ) {
    self.status = status
    self.headers = headers
    self.body = body
    self.delay = delay
    self.disruption = disruption
  }

  /// Ways of breaking a connection, after WireMock's and mountebank's fault names.
  public enum Disruption: String, Sendable, Equatable, CaseIterable {
    /// Close with an RST (`SO_LINGER` 0) and send nothing.
    case reset
    /// Close cleanly without sending a byte.
    case closeWithoutResponse
    /// Send bytes that are not HTTP, then close.
    case garbageThenClose
    /// Send the head and half the body promised by `Content-Length`, then close.
    case truncatedBody
    /// Keep the connection open and never answer (until the server stops).
    case stall
  }

  /// The reason phrase for a status code.
  public static func reasonPhrase(for status: Int) -> String {
    switch status {
    case 200: "OK"
    case 201: "Created"
    case 202: "Accepted"
    case 204: "No Content"
    case 206: "Partial Content"
    case 301: "Moved Permanently"
    case 302: "Found"
    case 304: "Not Modified"
    case 307: "Temporary Redirect"
    case 400: "Bad Request"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 408: "Request Timeout"
    case 409: "Conflict"
    case 411: "Length Required"
    case 413: "Content Too Large"
    case 416: "Range Not Satisfiable"
    case 422: "Unprocessable Entity"
    case 429: "Too Many Requests"
    case 431: "Request Header Fields Too Large"
    case 500: "Internal Server Error"
    case 501: "Not Implemented"
    case 502: "Bad Gateway"
    case 503: "Service Unavailable"
    case 504: "Gateway Timeout"
    case 505: "HTTP Version Not Supported"
    default: "Status \(status)"
    }
  }
}

extension ServerResponse {
  /// A response whose body is `text`, with `Content-Type` set.
  public static func text(_ status: Int, _ text: String, contentType: String) -> ServerResponse {
    ServerResponse(status: status, headers: [HeaderField("Content-Type", contentType)], body: Data(text.utf8))
  }
}
