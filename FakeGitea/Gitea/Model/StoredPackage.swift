/// A package row: one per (owner, type, lower-cased name). It outlives its
/// last version, as in Gitea, until `removeEmptyPackages()` (the cron) runs.
struct StoredPackage: Sendable {
  let id: Int64
  let ownerID: Int64
  let type: String
  let name: String
  let lowerName: String
  /// Every version of the package, internal ones included, by lower-cased version.
  var versionIDs: [String: Int64] = [:]
}

/// The unique key of a package row.
struct PackageKey: Hashable, Sendable {
  let ownerID: Int64
  let type: String
  let lowerName: String
}
