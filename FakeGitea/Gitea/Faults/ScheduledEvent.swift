import Foundation

/// A change to the store made between two requests, to stage races such as
/// "another client deleted this tag between our list and our delete".
///
/// It happens once, right after the `afterRequest`-th request (counting only
/// requests that match `matching`, when given) has been answered, so that
/// request still sees the old state and the next one sees the new state.
public struct ScheduledEvent: Sendable, Equatable {
  public var afterRequest: Int
  public var matching: RequestPattern?
  public var action: EventAction

  public init(afterRequest: Int, matching: RequestPattern? = nil, action: EventAction) {
    self.afterRequest = afterRequest
    self.matching = matching
    self.action = action
  }
}

/// What a scheduled event does.
public enum EventAction: Sendable, Equatable {
  /// Push a tag or digest (new id and `created`, as a re-push does).
  /// `created == nil` uses the fake's clock.
  case push(
    owner: String, type: String = "container", name: String, version: String, created: Date? = nil,
    children: [String] = [], manifest: ManifestRecord? = nil)
  /// Delete one version.
  case deleteVersion(owner: String, type: String = "container", name: String, version: String)
  /// Delete a package with every version.
  case deletePackage(owner: String, type: String = "container", name: String)
}
