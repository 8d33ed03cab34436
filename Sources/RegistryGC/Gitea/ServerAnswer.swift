import Foundation

/// Turns an HTTP answer the GC did not want into a ``GCError`` a person can
/// act on: Gitea's own JSON errors are quoted, and anything that is not
/// Gitea's JSON (a CDN's HTML page, Go's plain-text route 404) is named as such.
/// Whatever the server wrote is quoted through ``PrintableText``.
enum ServerAnswer {
  /// Gitea's `{"message": ...}` error text, if the body is one.
  static func giteaMessage(_ response: HTTPResponse) -> String? {
    guard isJSON(response),
      let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
      let message = object["message"] as? String
    else { return nil }
    return PrintableText.escaped(message, limit: 300)
  }

  static func isJSON(_ response: HTTPResponse) -> Bool {
    response.headers["Content-Type"]?.lowercased().contains("json") ?? false
  }

  /// The error for an unwanted answer to `request`.
  static func error(for response: HTTPResponse, to request: HTTPRequest, userAgent: String) -> GCError {
    let what = "\(request.method) \(request.url.path)"
    let message = giteaMessage(response)
    switch (response.status, message) {
    case (401, let message?):
      return GCError(
        .unauthorized,
        "Gitea refused the credentials for \(what) (HTTP 401: \"\(message)\"). Set GITEA_TOKEN to a personal access token of the owner (or of a member allowed to write its packages) with the read:package and write:package scopes.")
    case (403, let message?):
      return GCError(
        .forbidden,
        "Gitea refused \(what) (HTTP 403: \"\(message)\"). Deleting needs a token with the write:package scope (delete:package on Gitea 1.19), from the owner or a member with write access to its packages.")
    case (401, nil), (403, nil):
      return GCError(
        .blockedByProxy,
        "\(what) was answered by a proxy in front of Gitea, not by Gitea (HTTP \(response.status), \(describeBody(response))). Such proxies often block by User-Agent; this request sent \"\(userAgent)\". Use --user-agent to send another, or ask the proxy's owner to allow it.")
    case (404, let message?):
      return GCError(
        .notFound,
        "Gitea answered \(what) with 404 \"\(message)\". Check --owner, --package and the host.")
    case (404, nil):
      return GCError(
        .notFound,
        "\(what) is not a Gitea API route on this host (HTTP 404, \(describeBody(response))). Check the host: it must be Gitea's root URL, such as https://git.example.com, without /api/v1.")
    default:
      let detail = message.map { ": \"\($0)\"" } ?? " (\(describeBody(response)))"
      return GCError(.unexpectedResponse, "\(what) failed with HTTP \(response.status)\(detail).")
    }
  }

  /// A short description of a body for messages: its type and first words.
  static func describeBody(_ response: HTTPResponse) -> String {
    let type = PrintableText.escaped(response.headers["Content-Type"] ?? "no content type", limit: 60)
    var parts = [type]
    if let server = response.headers["Server"] { parts.append("server: \(PrintableText.escaped(server, limit: 60))") }
    var text = response.text
    if type.lowercased().contains("html"), let title = htmlTitle(text) {
      text = title
    }
    let squeezed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    if !squeezed.isEmpty {
      parts.append(PrintableText.quoted(squeezed, limit: 100))
    }
    return parts.joined(separator: ", ")
  }

  private static func htmlTitle(_ html: String) -> String? {
    guard let open = html.range(of: "<title>", options: .caseInsensitive),
      let close = html.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<html.endIndex)
    else { return nil }
    return String(html[open.upperBound..<close.lowerBound])
  }
}
