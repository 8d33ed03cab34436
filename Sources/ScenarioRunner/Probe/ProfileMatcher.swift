import FakeGitea

/// Runs the probe list against each profile's fake and ranks the profiles
/// by how many answer fields differ from a recording.
public enum ProfileMatcher {
  /// Each profile's answers under `recording`'s conditions.
  public static func expectations(
    for recording: ProbeRecording, profiles: [GiteaProfile] = GiteaProfile.all
  ) async -> [ProfileExpectation] {
    await expectations(
      owner: recording.owner, package: recording.package, conditions: recording.conditions, profiles: profiles)
  }

  /// Each profile's answers for `owner`/`package` under `conditions`, in
  /// the order of `profiles` (the fakes are probed concurrently).
  public static func expectations(
    owner: String, package: String, conditions: ProbeConditions, profiles: [GiteaProfile] = GiteaProfile.all
  ) async -> [ProfileExpectation] {
    await withTaskGroup(of: (Int, ProfileExpectation).self) { group in
      for (index, profile) in profiles.enumerated() {
        group.addTask {
          let answers = await ProfileFake.expectedAnswers(
            of: profile, owner: owner, package: package, conditions: conditions)
          return (index, ProfileExpectation(profile: profile, answers: answers))
        }
      }
      var collected: [(Int, ProfileExpectation)] = []
      for await item in group { collected.append(item) }
      return collected.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  /// Diffs `recording` against every profile.
  public static func match(_ recording: ProbeRecording, profiles: [GiteaProfile] = GiteaProfile.all) async
    -> ProfileMatchReport
  {
    match(recording, against: await expectations(for: recording, profiles: profiles))
  }

  /// Diffs `recording` against answers computed before (they must have been
  /// computed under the same conditions, owner and package).
  public static func match(
    _ recording: ProbeRecording, against expectations: [ProfileExpectation]
  ) -> ProfileMatchReport {
    let unranked = expectations.map { expectation in
      ProfileMatch(
        profile: expectation.profile.name,
        differences: ProbeDifference.between(expectation.answers, recording, mode: .profileAgainstServer))
    }
    let matches = unranked.enumerated().sorted { left, right in
      left.element.score != right.element.score ? left.element.score < right.element.score : left.offset < right.offset
    }.map(\.element)
    let lowest = matches.first?.score ?? 0
    let tied = unranked.filter { $0.score == lowest }.map(\.profile)
    let tiedProfiles = expectations.map(\.profile).filter { tied.contains($0.name) }
    let best =
      recording.reportedVersion.flatMap { GiteaVersion($0).closest(of: tiedProfiles) }?.name
      ?? tied.first ?? ""
    return ProfileMatchReport(
      recording: recording, matches: matches, bestMatch: best, tiedOnBehaviour: tied, notes: notes(on: recording))
  }

  /// Plain-language remarks on what the answers show beyond the profile match.
  static func notes(on recording: ProbeRecording) -> [String] {
    var notes: [String] = []
    let listStatus = recording.answer(.list)?.value(AnswerField.status)
    if let python = recording.answer(.listPythonUserAgent)?.value(AnswerField.status), let listStatus,
      python != listStatus
    {
      notes.append(
        "the Python-urllib User-Agent got \(python) where the same list got \(listStatus): something in front of "
          + "Gitea (a proxy or WAF) filters User-Agents; clients must send their own")
    }
    if recording.conditions.authenticated, let listStatus, listStatus == "401" || listStatus == "403" {
      notes.append(
        "the token was refused on the owner list (\(listStatus)); answers that need it differ from every profile")
    }
    if !recording.conditions.authenticated {
      notes.append("no token was given: every probe went out anonymously")
    }
    if let delete = recording.answer(.deleteMissingVersion)?.value(AnswerField.status), delete.hasPrefix("not sent") {
      notes.append("the DELETE probe was \(delete)")
    }
    return notes
  }
}
