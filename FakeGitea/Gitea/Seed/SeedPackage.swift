/// A package and its versions.
public struct SeedPackage: Sendable, Hashable {
  public var owner: String
  /// `container`, `generic`, … (not validated, as in Gitea).
  public var type: String
  /// For containers the name is stored lower-cased, as Gitea does on push.
  public var name: String
  public var versions: [SeedVersion]

  public init(owner: String, type: String = "container", name: String, versions: [SeedVersion]) {
    self.owner = owner
    self.type = type
    self.name = name
    self.versions = versions
  }
}
