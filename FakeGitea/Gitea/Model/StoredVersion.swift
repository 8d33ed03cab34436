/// A package version row.
struct StoredVersion: Sendable {
  let id: Int64
  let packageID: Int64
  let version: String
  let lowerVersion: String
  /// Whole seconds, as Gitea's `created_unix`.
  var createdUnix: Int64
  let creatorID: Int64
  let isInternal: Bool
  var manifest: ManifestRecord?
  var children: [String]
  var files: [PackageFileRecord]
}
