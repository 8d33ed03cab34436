import Foundation
import RegistryGC

/// Sends the probe list (``Probe``) to one server, one request at a time,
/// and normalises the answers into a ``ProbeRecording``.
///
/// The same runner probes a real server (over ``URLSessionTransport``) and
/// each profile's fake (in-process), so both sides are asked exactly the
/// same questions.
struct ProbeRunner {
  let transport: any HTTPTransport
  /// The server's base URL, e.g. `https://git.example.com` or `https://example.com/gitea/`.
  let baseURL: URL
  let names: ProbeNames
  /// The token sent as `Authorization: token …`; `nil` probes anonymously.
  let token: String?
  let userAgent: String
  /// Recorded in the conditions, for the fakes' tokens.
  let tokenScopes: [String]
  var now: @Sendable () -> Date = { Date() }

  /// Runs every probe. Throws ``ProbeError/unreachable(_:)`` when the first
  /// request (`GET /api/v1/version`) gets no answer at all; later requests
  /// that get none are recorded as `no answer (…)`.
  func run() async throws(ProbeError) -> ProbeRecording {
    var answers: [ProbeAnswer] = []
    var conditions = ProbeConditions(authenticated: token != nil, tokenScopes: tokenScopes)
    var reportedVersion: String?
    var existingVersion: String?
    var deleteCheckStatus: String?

    for probe in Probe.allCases {
      let normalizer = AnswerNormalizer(
        baseURL: baseURL, names: names, version: existingVersion, secrets: [token ?? ""])
      var fields: [String: String]
      if let reason = reasonNotToSend(probe, existingVersion: existingVersion, deleteCheckStatus: deleteCheckStatus) {
        fields = [AnswerField.status: reason]
      } else if let target = names.fill(probe.target, version: existingVersion),
        let url = URL(string: Self.trimmedBase(baseURL) + target)
      {
        do {
          let response = try await transport.send(request(for: probe, url: url))
          let body = ParsedBody(response.body)
          fields = normalizer.fields(of: response, body: body, isVersionProbe: probe == .serverVersion)
          if probe == .serverVersion {
            reportedVersion = fields[AnswerField.reportedVersion]
          }
          if probe == .list {
            existingVersion = Self.firstVersion(in: response, body: body, package: names.package)
            Self.learnConditions(from: response, body: body, into: &conditions)
          }
        } catch {
          if probe == .serverVersion {
            let shown = Self.publicDescription(of: baseURL) + probe.target
            throw ProbeError.unreachable("GET \(shown) got no answer: \(error.message)")
          }
          fields = normalizer.fields(of: error)
        }
      } else {
        fields = [AnswerField.status: "not sent (the URL could not be built)"]
      }
      if probe == .deleteCheck { deleteCheckStatus = fields[AnswerField.status] }
      answers.append(ProbeAnswer(probe: probe.rawValue, request: probe.requestDescription, fields: fields))
    }
    return ProbeRecording(
      recordedAt: Self.timestamp(now()), server: Self.publicDescription(of: baseURL), owner: names.owner,
      package: names.package, reportedVersion: reportedVersion, conditions: conditions, answers: answers)
  }

  /// Why `probe` must not be sent now, or `nil` to send it.
  private func reasonNotToSend(_ probe: Probe, existingVersion: String?, deleteCheckStatus: String?) -> String? {
    if probe.needsExistingVersion && existingVersion == nil {
      return "not sent (no version of {package} in the list)"
    }
    if probe == .listCapitalisedScheme && token == nil {
      return "not sent (no token)"
    }
    if probe == .deleteMissingVersion && deleteCheckStatus != "404" {
      return "not sent (delete-check answered \(deleteCheckStatus ?? "nothing"), not 404)"
    }
    return nil
  }

  private func request(for probe: Probe, url: URL) -> HTTPRequest {
    var headers = HTTPHeaders()
    headers["User-Agent"] = probe.usesPythonUserAgent ? Probe.pythonUserAgent : userAgent
    switch probe.credentials {
    case .token:
      if let token { headers["Authorization"] = "token " + token }
    case .anonymous:
      break
    case .invalidToken:
      headers["Authorization"] = "token " + names.bogusToken
    case .capitalisedScheme:
      if let token { headers["Authorization"] = "Token " + token }
    }
    return HTTPRequest(method: probe.method, url: url, headers: headers)
  }

  /// The `version` of the first listed row of the package itself.
  private static func firstVersion(in response: HTTPResponse, body: ParsedBody, package: String) -> String? {
    guard response.status == 200, let rows = body.json as? [Any] else { return nil }
    for row in rows {
      guard let object = row as? [String: Any], let name = object["name"] as? String,
        name.lowercased() == package.lowercased(), let version = object["version"] as? String, !version.isEmpty
      else { continue }
      return version
    }
    return nil
  }

  private static func learnConditions(
    from response: HTTPResponse, body: ParsedBody, into conditions: inout ProbeConditions
  ) {
    guard response.status == 200 else { return }
    conditions.matchingVersions = response.headers["X-Total-Count"].flatMap { Int($0) }
    if let rows = body.json as? [Any], let first = rows.first as? [String: Any],
      let owner = first["owner"] as? [String: Any], let visibility = owner["visibility"] as? String
    {
      conditions.ownerVisibility = visibility
    }
  }

  static func trimmedBase(_ url: URL) -> String {
    var text = url.absoluteString
    while text.hasSuffix("/") { text.removeLast() }
    return text
  }

  /// The base URL without user, password, query or fragment.
  static func publicDescription(of url: URL) -> String {
    guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return trimmedBase(url) }
    components.user = nil
    components.password = nil
    components.query = nil
    components.fragment = nil
    var text = components.string ?? trimmedBase(url)
    while text.hasSuffix("/") { text.removeLast() }
    return text
  }

  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }
}
