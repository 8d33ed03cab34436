/// How close one profile's fake came to the probed server.
public struct ProfileMatch: Sendable, Equatable {
  public var profile: String
  /// Every scored field that differs, expected (the profile) vs seen (the server).
  public var differences: [ProbeDifference]

  /// The number of differing fields; lower is closer.
  public var score: Int { differences.count }
}

/// The result of diffing a recording against every profile.
public struct ProfileMatchReport: Sendable, Equatable {
  public var recording: ProbeRecording
  /// Every profile, closest first (ties in catalogue order).
  public var matches: [ProfileMatch]
  /// The closest profile; among equally close ones, the one the reported version points to.
  public var bestMatch: String
  /// Every profile with the lowest score, in catalogue order. More than one
  /// means the probes could not tell them apart; the version decided.
  public var tiedOnBehaviour: [String]
  /// Observations worth a sentence (a proxy, a refused token, a skipped DELETE).
  public var notes: [String]

  /// The match for `profile`.
  public func match(for profile: String) -> ProfileMatch? { matches.first { $0.profile == profile } }
}
