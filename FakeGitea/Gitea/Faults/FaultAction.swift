import Foundation

/// What a firing fault rule does to a request.
public enum FaultAction: Sendable, Equatable {
  /// Answer with exactly this, without reaching Gitea (the store is unchanged).
  case respond(status: Int, headers: [HeaderField] = [], body: Data = Data())
  /// Let Gitea answer, and have the server wait this long before sending.
  case delay(Duration)
  /// Break the connection. With `afterHandling`, Gitea handles the request
  /// first (a DELETE still happens, as when a proxy drops the answer);
  /// `truncatedBody` always handles it, since it sends half the real body.
  /// Without it the store is untouched and the journal records status 502
  /// (nothing is delivered anyway).
  case disrupt(ServerResponse.Disruption, afterHandling: Bool = false)
  /// Gitea's real answer with the body cut to its first half.
  case malformedJSON

  /// A canned answer with a text body.
  public static func respond(status: Int, headers: [HeaderField] = [], text: String) -> FaultAction {
    .respond(status: status, headers: headers, body: Data(text.utf8))
  }

  /// A 429 or 503 style answer carrying `Retry-After`.
  public static func retryLater(status: Int = 503, retryAfterSeconds: Int) -> FaultAction {
    .respond(
      status: status,
      headers: [
        HeaderField("Retry-After", String(retryAfterSeconds)), HeaderField("Content-Type", "text/plain; charset=utf-8"),
      ],
      body: Data("\(status) \(ServerResponse.reasonPhrase(for: status))\n".utf8))
  }

  var summary: String {
    switch self {
    case .respond(let status, _, _): "respond \(status)"
    case .delay(let duration): "delay \(duration)"
    case .disrupt(let disruption, let afterHandling):
      "disrupt \(disruption.rawValue)\(afterHandling ? " after handling" : "")"
    case .malformedJSON: "malformed JSON (body cut in half)"
    }
  }
}
