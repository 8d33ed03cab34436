/// A package row: one per (owner, type, lower-cased name). It outlives its
/// last version, as in Gitea, until `removeEmptyPackages()` (the cron) runs.
struct StoredPackage: Sendable {
  let id: Int64
  let ownerID: Int64
  let type: String
  let name: String
  let lowerName: String
  // The package's versions are indexed in `GiteaStore.versionIDsByPackage`,
  // not here: a copy of this row (a request holds several) would otherwise
  // share that dictionary, and deleting a version while one is alive would
  // copy the whole dictionary.
}

/// The unique key of a package row.
struct PackageKey: Hashable, Sendable {
  let ownerID: Int64
  let type: String
  let lowerName: String
}
