import FakeGitea

/// One profile's answers to the probe list, from its fake.
public struct ProfileExpectation: Sendable {
  public var profile: GiteaProfile
  public var answers: ProbeRecording
}
