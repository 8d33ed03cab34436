/// What changed between two recordings of the same server, typically before
/// and after an upgrade.
public struct RecordingComparison: Sendable, Equatable {
  public var old: ProbeRecording
  public var new: ProbeRecording
  /// Every field that changed: `expected` is the old value, `seen` the new.
  /// The reported version is included; `ties` of `no ties` on either side is not a change.
  public var changes: [ProbeDifference]
  /// Why the two recordings may not be comparable (other owner, package or token use).
  public var warnings: [String]

  public init(old: ProbeRecording, new: ProbeRecording) {
    self.old = old
    self.new = new
    changes = ProbeDifference.between(old, new, mode: .recordingAgainstRecording)
    var warnings: [String] = []
    if old.owner != new.owner || old.package != new.package {
      warnings.append(
        "the recordings probe different packages (\(old.owner)/\(old.package) and \(new.owner)/\(new.package)); "
          + "names are placeholders, but data-dependent fields may differ")
    }
    if old.conditions.authenticated != new.conditions.authenticated {
      warnings.append("only one of the recordings was made with a token")
    } else if old.conditions.tokenScopes != new.conditions.tokenScopes {
      warnings.append(
        "the recordings were made with tokens of different scopes (\(old.conditions.tokenScopes.joined(separator: ",")) "
          + "and \(new.conditions.tokenScopes.joined(separator: ",")))")
    }
    self.warnings = warnings
  }
}
