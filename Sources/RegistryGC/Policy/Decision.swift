/// What the plan does with one version, and the rule that decided it.
public enum Decision: Sendable, Equatable {
  case keep(KeepReason)
  case delete(DeleteReason)

  public var isKeep: Bool {
    if case .keep = self { true } else { false }
  }

  /// The rule's stable name, as in the JSON plan (`keep-latest`, `older-than`, ...).
  public var rule: String {
    switch self {
    case .keep(let reason): reason.rule
    case .delete(let reason): reason.rule
    }
  }

  /// A sentence fragment for people: `keep-latest #2/6`, `older than 180 days (212 days old)`.
  public var explanation: String {
    switch self {
    case .keep(let reason): reason.explanation
    case .delete(let reason): reason.explanation
    }
  }
}

public enum KeepReason: Sendable, Equatable {
  /// The `latest` tag, which is always kept.
  case latest
  /// A tag matching a keep pattern.
  case protected(pattern: String)
  /// Among the N most recent other tags: `rank` of `limit`.
  case recent(rank: Int, limit: Int)
  /// Younger than the age cut-off.
  case young(ageDays: Int, keepDays: Int)
  /// A digest referenced by kept tags' image indexes.
  case referenced(by: [String])
  /// A digest, kept because the references of some kept tag could not be read.
  case referencesUnknown
  /// An unreferenced digest younger than the grace period for pushes in flight.
  case withinGracePeriod(ageHours: Int, graceHours: Int)
  /// A timestamp in the future or before 2000: kept, with a warning.
  case implausibleTimestamp
  /// A version that is neither an image tag nor a digest: kept, with a warning.
  case notAnImageName

  public var rule: String {
    switch self {
    case .latest: "latest"
    case .protected: "keep-pattern"
    case .recent: "keep-latest"
    case .young: "keep-days"
    case .referenced: "referenced"
    case .referencesUnknown: "references-unknown"
    case .withinGracePeriod: "digest-grace"
    case .implausibleTimestamp: "implausible-timestamp"
    case .notAnImageName: "not-an-image-name"
    }
  }

  public var explanation: String {
    switch self {
    case .latest: "always-keep (:latest)"
    case .protected(let pattern): "matches keep pattern \(pattern)"
    case .recent(let rank, let limit): "keep-latest #\(rank)/\(limit)"
    case .young(let ageDays, let keepDays): "within --keep-days (\(ageDays) of \(keepDays) days old)"
    case .referenced(let tags): "referenced by " + tags.joined(separator: ", ")
    case .referencesUnknown: "digest kept: image index references could not be read"
    case .withinGracePeriod(let ageHours, let graceHours): "unreferenced digest within the \(graceHours)h grace period (\(ageHours)h old)"
    case .implausibleTimestamp: "implausible created_at, kept for safety"
    case .notAnImageName: "not an image tag or digest, kept for safety"
    }
  }
}

public enum DeleteReason: Sendable, Equatable {
  /// A tag past keep-latest and older than the cut-off.
  case expired(ageDays: Int, keepDays: Int)
  /// A digest no kept tag references, older than the cut-off and the grace period.
  case unreferencedDigest(ageDays: Int)

  public var rule: String {
    switch self {
    case .expired: "expired"
    case .unreferencedDigest: "unreferenced-digest"
    }
  }

  public var explanation: String {
    switch self {
    case .expired(let ageDays, let keepDays): "older than --keep-days (\(ageDays) > \(keepDays) days)"
    case .unreferencedDigest(let ageDays): "digest referenced by no kept tag (\(ageDays) days old)"
    }
  }
}
