import Foundation
import RegistryGC

/// Turns an HTTP answer into fields that can be compared across servers,
/// versions and data:
///
/// - `status`; `content-type` as the media type only, lower-cased;
///   `body`: `json`, `html`, `text` or `empty`.
/// - For JSON: `json` (the top-level type); `keys` (sorted keys of the
///   object, or of the first element of an array); `owner keys` and
///   `creator keys` (the same for those nested objects); `errors` (the type
///   of an `errors` member); `message` with the run's names replaced by
///   `{owner}`, `{package}`, `{random}`, `{version}`, `{root}` and `{host}`.
/// - For text, the first line (`text`); for HTML, the `<title>` (`title`).
/// - For arrays: `rows` as a relation to `X-Total-Count` (`all`, `30 of
///   more`, `0 of more`, `0 of 0`…), never a bare count; `ties`: the id
///   order of rows created in the same second (`id ascending`, `id
///   descending`, `mixed`, `no ties`), for two rows or more.
/// - Headers: the `rel`s of `Link` in order, the scheme of
///   `WWW-Authenticate`, whether `X-Gitea-Warning` is present.
/// - For `/api/v1/version`: `flavour` and `reported version`.
///
/// Every occurrence of the token in any value becomes `***`.
struct AnswerNormalizer {
  /// Literal text → placeholder, replaced where the text stands as a whole name.
  private let placeholders: [(text: String, placeholder: String)]
  private let root: String
  private let host: String
  private let secrets: [String]

  /// - Parameters:
  ///   - baseURL: the server's base URL (its `ROOT_URL` as far as the probe knows).
  ///   - names: the run's names.
  ///   - version: the version taken from the list, if any.
  ///   - secrets: strings that must never be stored (the token).
  init(baseURL: URL, names: ProbeNames, version: String?, secrets: [String]) {
    var pairs = [
      (names.random, "{random}"), (names.bogusToken, "{bogus-token}"), (names.owner, "{owner}"),
      (names.package, "{package}"),
    ]
    if let version, !version.isEmpty { pairs.append((version, "{version}")) }
    placeholders = pairs.filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }
    var rootText = baseURL.absoluteString
    while rootText.hasSuffix("/") { rootText.removeLast() }
    root = rootText
    host = baseURL.host ?? ""
    self.secrets = secrets.filter { !$0.isEmpty }
  }

  /// The fields of an answer. `isVersionProbe` adds `flavour` and `reported version`.
  func fields(of response: HTTPResponse, isVersionProbe: Bool = false) -> [String: String] {
    fields(of: response, body: ParsedBody(response.body), isVersionProbe: isVersionProbe)
  }

  /// The fields of an answer whose body was parsed already.
  func fields(of response: HTTPResponse, body: ParsedBody, isVersionProbe: Bool = false) -> [String: String] {
    var fields: [String: String] = [AnswerField.status: String(response.status)]
    let contentType = response.headers["Content-Type"].map(Self.mediaType)
    if let contentType { fields[AnswerField.contentType] = contentType }

    if let json = body.json {
      fields[AnswerField.body] = "json"
      describeJSON(json, total: response.headers["X-Total-Count"].flatMap { Int($0) }, into: &fields)
      if isVersionProbe, let version = (json as? [String: Any])?["version"] as? String {
        fields[AnswerField.flavour] = GiteaVersion(version).flavour.rawValue
        fields[AnswerField.reportedVersion] = version
      }
    } else {
      describeText(
        response.text.trimmingCharacters(in: .whitespacesAndNewlines), contentType: contentType, into: &fields)
    }

    let rels = response.headers.values(for: "Link").flatMap(Self.linkRelations)
    if !rels.isEmpty { fields[AnswerField.link] = rels.joined(separator: ",") }
    if let challenge = response.headers["WWW-Authenticate"] {
      fields[AnswerField.wwwAuthenticate] = String(challenge.split(separator: " ").first ?? "")
    }
    if response.headers["X-Gitea-Warning"] != nil { fields[AnswerField.warning] = "present" }
    return redacted(fields)
  }

  private func describeText(_ trimmed: String, contentType: String?, into fields: inout [String: String]) {
    if trimmed.isEmpty {
      fields[AnswerField.body] = "empty"
    } else if (contentType ?? "").contains("html") || trimmed.hasPrefix("<") {
      fields[AnswerField.body] = "html"
      if let title = Self.htmlTitle(trimmed) { fields[AnswerField.title] = normalize(title) }
    } else {
      fields[AnswerField.body] = "text"
      let firstLine = trimmed.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? trimmed
      fields[AnswerField.text] = normalize(String(firstLine.prefix(160)))
    }
  }

  /// The fields of a request that got no answer.
  func fields(of error: TransportError) -> [String: String] {
    [AnswerField.status: "no answer (\(error.kind.rawValue))"]
  }

  /// `text` with the run's names replaced by placeholders and the token hidden.
  func normalize(_ text: String) -> String {
    var result = text
    if !root.isEmpty { result = result.replacingOccurrences(of: root, with: "{root}") }
    for (literal, placeholder) in placeholders {
      result = Self.replacingWholeNames(literal, with: placeholder, in: result)
    }
    if !host.isEmpty { result = Self.replacingWholeNames(host, with: "{host}", in: result) }
    return redacted(result)
  }

  // MARK: JSON

  private func describeJSON(_ value: Any, total: Int?, into fields: inout [String: String]) {
    fields[AnswerField.json] = ParsedBody.typeName(value)
    var object = value as? [String: Any]
    if let rows = value as? [Any] {
      object = rows.first as? [String: Any]
      fields[AnswerField.rows] = Self.rowsRelation(rows: rows.count, total: total)
      if rows.count > 1, let ties = Self.tieOrder(rows) { fields[AnswerField.ties] = ties }
    }
    guard let object else { return }
    fields[AnswerField.keys] = Self.keyList(object)
    if let owner = object["owner"] as? [String: Any] { fields[AnswerField.ownerKeys] = Self.keyList(owner) }
    if let creator = object["creator"] as? [String: Any] { fields[AnswerField.creatorKeys] = Self.keyList(creator) }
    if value is [String: Any] {
      if let errors = object["errors"] { fields[AnswerField.errors] = ParsedBody.typeName(errors) }
      if let message = object["message"] as? String { fields[AnswerField.message] = normalize(message) }
    }
  }

  private static func keyList(_ object: [String: Any]) -> String {
    object.keys.sorted().joined(separator: ",")
  }

  /// The number of rows as a relation to `X-Total-Count`: only the page
  /// size (`30 of more`) is a number, because it is configuration, not data.
  static func rowsRelation(rows: Int, total: Int?) -> String {
    guard let total else { return rows == 0 ? "0, no X-Total-Count" : "some, no X-Total-Count" }
    if rows == 0 { return total == 0 ? "0 of 0" : "0 of more" }
    if rows == total { return "all" }
    return rows < total ? "\(rows) of more" : "more than X-Total-Count"
  }

  /// How rows created in the same second are ordered by id, or `nil` when
  /// the rows are not versions.
  static func tieOrder(_ rows: [Any]) -> String? {
    var keyed: [(created: String, id: Int64)] = []
    for row in rows {
      guard let object = row as? [String: Any], let created = object["created_at"] as? String,
        let id = (object["id"] as? NSNumber)?.int64Value
      else { return nil }
      keyed.append((created, id))
    }
    var ascending = false
    var descending = false
    for (earlier, later) in zip(keyed, keyed.dropFirst()) where earlier.created == later.created {
      // The same row twice is in neither order.
      if earlier.id <= later.id { ascending = true }
      if earlier.id >= later.id { descending = true }
    }
    switch (ascending, descending) {
    case (false, false): return AnswerField.noTies
    case (true, false): return "id ascending"
    case (false, true): return "id descending"
    case (true, true): return AnswerField.mixedTies
    }
  }

  // MARK: Text helpers

  /// `application/json;charset=utf-8` → `application/json`.
  static func mediaType(_ value: String) -> String {
    String(value.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
  }

  /// The `rel` values of one `Link` header, in order.
  static func linkRelations(_ value: String) -> [String] {
    value.split(separator: ",").compactMap { entry in
      guard let range = entry.range(of: "rel=") else { return nil }
      let rel = entry[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" ;"))
      return rel.isEmpty ? nil : rel
    }
  }

  private static func htmlTitle(_ html: String) -> String? {
    guard let open = html.range(of: "<title>", options: .caseInsensitive),
      let close = html.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<html.endIndex)
    else { return nil }
    return html[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Replaces `name` (ignoring case) where it is not part of a longer name:
  /// the characters around it are not letters, digits, `-`, `_` or `.`.
  static func replacingWholeNames(_ name: String, with placeholder: String, in text: String) -> String {
    guard !name.isEmpty else { return text }
    var result = ""
    var searchStart = text.startIndex
    var copiedUpTo = text.startIndex
    while let range = text.range(of: name, options: .caseInsensitive, range: searchStart..<text.endIndex) {
      let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
      let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
      if !isNameCharacter(before) && !isNameCharacter(after) {
        result += text[copiedUpTo..<range.lowerBound]
        result += placeholder
        copiedUpTo = range.upperBound
        searchStart = range.upperBound
      } else {
        searchStart = text.index(after: range.lowerBound)
      }
    }
    result += text[copiedUpTo...]
    return result
  }

  private static func isNameCharacter(_ character: Character?) -> Bool {
    guard let character else { return false }
    return character.isLetter || character.isNumber || character == "-" || character == "_" || character == "."
  }

  private func redacted(_ text: String) -> String {
    secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
  }

  private func redacted(_ fields: [String: String]) -> [String: String] {
    fields.mapValues { redacted($0) }
  }
}
