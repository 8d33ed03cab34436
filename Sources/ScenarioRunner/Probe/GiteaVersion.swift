import FakeGitea

/// A version string as `GET /api/v1/version` reports it: `1.24.6`,
/// `1.27.0-dev`, or Forgejo's `12.0.4+gitea-1.22.0`.
struct GiteaVersion: Sendable, Equatable {
  let text: String
  let flavour: GiteaFlavor
  /// The leading dotted numbers: `[12, 0, 4]`.
  let numbers: [Int]

  init(_ text: String) {
    self.text = text
    let lowered = text.lowercased()
    flavour = lowered.contains("+gitea") || lowered.contains("forgejo") ? .forgejo : .gitea
    var core = Substring(lowered)
    if core.hasPrefix("v") { core = core.dropFirst() }
    let numeric = core.prefix { $0.isNumber || $0 == "." }
    numbers = numeric.split(separator: ".").compactMap { Int($0) }
  }

  /// The release series a profile stands for: `1.24` for Gitea, `12` for Forgejo.
  var series: [Int] { Array(numbers.prefix(flavour == .forgejo ? 1 : 2)) }

  /// Whether `self` comes before `other`, comparing the numbers only.
  func precedes(_ other: GiteaVersion) -> Bool {
    let count = max(numbers.count, other.numbers.count)
    for index in 0..<count {
      let mine = index < numbers.count ? numbers[index] : 0
      let theirs = index < other.numbers.count ? other.numbers[index] : 0
      if mine != theirs { return mine < theirs }
    }
    return false
  }

  /// Of `candidates` (profiles that behave alike), the one a server
  /// reporting this version most likely runs:
  /// 1. same flavour and series (`1.23`), the first whose version is at
  ///    least this one (`1.23.5` → gitea-1.23.7, `1.23.9` → gitea-1.23),
  ///    else the newest of the series;
  /// 2. else same flavour, the newest profile not after this version, else the oldest;
  /// 3. else the first candidate.
  func closest(of candidates: [GiteaProfile]) -> GiteaProfile? {
    let versions = candidates.map { ($0, GiteaVersion($0.serverVersion)) }
    let sameFlavour = versions.filter { $0.1.flavour == flavour }
    let sameSeries = sameFlavour.filter { $0.1.series == series }
    if !sameSeries.isEmpty {
      let ascending = sameSeries.sorted { $0.1.precedes($1.1) }
      return (ascending.first { !$0.1.precedes(self) } ?? ascending.last)?.0
    }
    if !sameFlavour.isEmpty {
      let ascending = sameFlavour.sorted { $0.1.precedes($1.1) }
      return (ascending.last { !self.precedes($0.1) } ?? ascending.first)?.0
    }
    return candidates.first
  }
}
