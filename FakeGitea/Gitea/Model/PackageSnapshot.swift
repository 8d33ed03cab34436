import Foundation

/// A read-only view of one package and its versions.
public struct PackageSnapshot: Sendable, Equatable {
  public var owner: String
  public var type: String
  public var name: String
  /// Newest first, in the order the profile lists them; internal versions last.
  public var versions: [PackageVersionSnapshot]
}

/// A read-only view of one version.
public struct PackageVersionSnapshot: Sendable, Equatable {
  /// The version id Gitea's REST API reports as the Package `id`.
  public var id: Int64
  public var version: String
  public var created: Date
  public var children: [String]
  public var manifest: ManifestRecord?
  public var creator: String
  public var isInternal: Bool
  public var files: [PackageFileRecord]
}

/// What a push did.
public struct PushOutcome: Sendable, Equatable {
  /// Id of the version row now holding the tag.
  public var id: Int64
  public var created: Date
  /// Id of the row the push replaced, when the tag existed before.
  public var replacedID: Int64?
  /// The existing row was reused in place (the 1.25.0–1.25.1 bug profile).
  public var keptIdentity: Bool
}
