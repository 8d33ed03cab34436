import FakeGitea
import Testing

@testable import ScenarioRunner

@Suite struct ProbeGiteaVersionTests {
  @Test func parsesFlavourAndSeries() {
    #expect(GiteaVersion("1.24.6").series == [1, 24])
    #expect(GiteaVersion("1.27.0-dev").numbers == [1, 27, 0])
    let forgejo = GiteaVersion("12.0.4+gitea-1.22.0")
    #expect(forgejo.flavour == .forgejo)
    #expect(forgejo.series == [12])
    #expect(GiteaVersion("v1.23.8").numbers == [1, 23, 8])
  }

  @Test(arguments: [
    ("1.23.5", "gitea-1.23.7"), ("1.23.7", "gitea-1.23.7"), ("1.23.9", "gitea-1.23"), ("1.22.3", "gitea-1.22"),
  ])
  func theVersionBreaksATieWithinASeries(reported: String, expected: String) {
    let tied: [GiteaProfile] = [.gitea1_22, .gitea1_23_7, .gitea1_23]
    #expect(GiteaVersion(reported).closest(of: tied)?.name == expected)
  }

  @Test func outsideAnySeriesTheNearestOlderProfileWins() {
    #expect(GiteaVersion("1.26.5").closest(of: [.gitea1_26, .giteaMain])?.name == "gitea-1.26")
    #expect(GiteaVersion("1.28.0").closest(of: [.gitea1_26, .giteaMain])?.name == "gitea-main")
    #expect(GiteaVersion("8.0.3+gitea-1.22.0").closest(of: [.forgejo7, .forgejo10])?.name == "forgejo-7")
    #expect(GiteaVersion("9.0.0+gitea-1.22.0").closest(of: [.gitea1_22])?.name == "gitea-1.22")
  }
}
