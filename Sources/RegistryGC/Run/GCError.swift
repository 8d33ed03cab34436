/// Why the GC stopped before deleting anything. Each case's message says what
/// happened and what to do about it; none ever contains the token.
public struct GCError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: String, Sendable, Equatable {
    /// The owner or the package does not exist, or the URL is wrong.
    case notFound
    /// Gitea refused the credentials (401).
    case unauthorized
    /// Gitea refused the operation for these credentials (its own JSON 403).
    case forbidden
    /// Something in front of Gitea (a CDN or WAF) answered instead of Gitea.
    case blockedByProxy
    /// The listing could not be read completely.
    case listingIncomplete
    /// A server answer was not what Gitea sends.
    case unexpectedResponse
    /// No answer at all: connection, timeout, DNS.
    case transport
    /// The plan broke one of the safety invariants checked before deleting.
    case invariantViolated
  }

  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}

/// The process exit status of `registry-gc`, documented in docs/registry-gc.md.
public enum GCExitCode: Int32, Sendable {
  /// Everything planned was done (also: nothing to delete, and `--dry-run`).
  case success = 0
  /// Some deletions failed; the others went through.
  case deletionsFailed = 1
  /// Stopped before deleting anything: cannot list, not found, unauthorized,
  /// blocked by a proxy, an unsafe plan.
  case aborted = 2
  /// The command line is wrong.
  case usage = 64
}
