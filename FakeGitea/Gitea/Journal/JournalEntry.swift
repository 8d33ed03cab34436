import Foundation

/// One request the fake received and what it answered. Entries are appended
/// before the response is handed back, so a client that got an answer can
/// always find its entry.
public struct JournalEntry: Sendable, Equatable {
  /// 1 for the first request since the fake was created or reset.
  public var sequence: Int
  /// The fake's clock when the request arrived.
  public var date: Date
  public var method: String
  /// The request target as sent, except that `token` and `access_token`
  /// query values are replaced by `***`.
  public var target: String
  /// The path after slash normalisation, percent-decoded.
  public var path: String
  public var status: Int
  public var userAgent: String?
  /// The `Authorization` scheme with the secret hidden, e.g. `token ***`.
  public var authorization: String?
  /// The route that handled the request, e.g. `GET /api/v1/packages/{owner}`.
  public var route: String?
  /// For 404s of unmatched paths or missing versions (and 405s): the closest
  /// real route and where the request went astray.
  public var nearMiss: String?
  /// What else happened: proxy blocks, faults, scheduled events, deletions.
  public var notes: [String]
  /// The delay the server was asked to add.
  public var delay: Duration
  public var disruption: ServerResponse.Disruption?

  init(sequence: Int, date: Date, request: ServerRequest, path: String) {
    self.sequence = sequence
    self.date = date
    self.method = request.method
    self.target = JournalRedaction.redactedTarget(request.target)
    self.path = path
    self.status = 0
    self.userAgent = request.headerValue(lowercasedName: "user-agent")
    self.authorization = request.headerValue(lowercasedName: "authorization")
      .map(JournalRedaction.redactedAuthorization)
    self.route = nil
    self.nearMiss = nil
    self.notes = []
    self.delay = .zero
    self.disruption = nil
  }

  /// A one-line summary: `#3 GET /api/v1/packages/o → 200`.
  public var summary: String {
    var line = "#\(sequence) \(method) \(target) → \(status)"
    if let nearMiss { line += " (\(nearMiss))" }
    return line
  }
}
