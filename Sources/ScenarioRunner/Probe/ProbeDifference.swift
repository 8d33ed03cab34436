/// One field that differs between two sets of answers to the same probe.
public struct ProbeDifference: Sendable, Equatable, Hashable, Codable {
  public var probe: String
  public var field: String
  /// The profile's value (or the older recording's).
  public var expected: String
  /// The probed server's value (or the newer recording's).
  public var seen: String

  public init(probe: String, field: String, expected: String, seen: String) {
    self.probe = probe
    self.field = field
    self.expected = expected
    self.seen = seen
  }

  /// How two recordings are compared.
  enum Mode {
    /// A profile's fake (expected) against a server (seen): unscored fields
    /// are left out, and a profile without a tie-breaker accepts any tie order.
    case profileAgainstServer
    /// An older recording against a newer one: every field counts.
    case recordingAgainstRecording
  }

  /// Every field that differs between `expected` and `seen`, probe by probe
  /// in probe order, fields in display order. Two values are the same when
  /// equal; `ties` of `no ties` (nothing to see) equals anything.
  static func between(_ expected: ProbeRecording, _ seen: ProbeRecording, mode: Mode) -> [ProbeDifference] {
    var probeNames = Probe.allCases.map(\.rawValue)
    for name in (expected.answers + seen.answers).map(\.probe) where !probeNames.contains(name) {
      probeNames.append(name)
    }
    var differences: [ProbeDifference] = []
    for name in probeNames {
      let expectedAnswer = expected.answer(named: name)
      let seenAnswer = seen.answer(named: name)
      if expectedAnswer == nil && seenAnswer == nil { continue }
      guard let expectedAnswer, let seenAnswer else {
        differences.append(
          ProbeDifference(
            probe: name, field: AnswerField.status, expected: expectedAnswer == nil ? "(not probed)" : "(answered)",
            seen: seenAnswer == nil ? "(not probed)" : "(answered)"))
        continue
      }
      let fields = AnswerField.sorted(Set(expectedAnswer.fields.keys).union(seenAnswer.fields.keys))
      for field in fields {
        if mode == .profileAgainstServer && AnswerField.unscored.contains(field) { continue }
        let expectedValue = expectedAnswer.value(field)
        let seenValue = seenAnswer.value(field)
        if valuesAgree(field: field, expected: expectedValue, seen: seenValue, mode: mode) { continue }
        differences.append(ProbeDifference(probe: name, field: field, expected: expectedValue, seen: seenValue))
      }
    }
    return differences
  }

  private static func valuesAgree(field: String, expected: String, seen: String, mode: Mode) -> Bool {
    if expected == seen { return true }
    guard field == AnswerField.ties else { return false }
    if expected == AnswerField.noTies || seen == AnswerField.noTies { return true }
    return mode == .profileAgainstServer && expected == AnswerField.mixedTies
  }
}
