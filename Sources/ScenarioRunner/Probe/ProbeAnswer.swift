/// One probe's answer, normalised into comparable fields (see
/// ``AnswerNormalizer``). Absent fields were not in the answer.
public struct ProbeAnswer: Sendable, Equatable, Codable {
  /// The probe's name, e.g. `list-anonymous`.
  public var probe: String
  /// The request as a template, e.g. `GET /api/v1/packages/{owner}?type=container&q={package}`.
  public var request: String
  /// Field name → normalised value.
  public var fields: [String: String]

  public init(probe: String, request: String, fields: [String: String]) {
    self.probe = probe
    self.request = request
    self.fields = fields
  }

  /// The value of `field`, or ``AnswerField/absent``.
  public func value(_ field: String) -> String { fields[field] ?? AnswerField.absent }
}
