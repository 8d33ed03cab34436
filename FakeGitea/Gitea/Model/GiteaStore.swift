import Foundation

/// The data behind the fake: users, tokens, packages and versions, with the
/// indexes that keep list pages cheap (one sorted listing per owner and per
/// package, in the profile's list order).
///
/// It is a value type guarded by `InMemoryGitea`'s lock. Route extensions
/// (the OCI registry) receive it `inout` and may use the public methods.
public struct GiteaStore: Sendable {
  let order: ListingOrder
  let repushKeepsIdentity: Bool

  private var usersByID: [Int64: GiteaUser] = [:]
  private var userIDsByLowerLogin: [String: Int64] = [:]
  private var tokensByValue: [String: StoredToken] = [:]
  private var packagesByID: [Int64: StoredPackage] = [:]
  private var packageIDsByKey: [PackageKey: Int64] = [:]
  private var packageIDsByOwner: [Int64: [Int64]] = [:]
  /// Every version of each package, internal ones included, by lower-cased version.
  private var versionIDsByPackage: [Int64: [String: Int64]] = [:]
  private var versionsByID: [Int64: StoredVersion] = [:]
  private var ownerListings: [Int64: SortedListing] = [:]
  private var packageListings: [Int64: SortedListing] = [:]
  private var nextUserID: Int64 = 1
  private var nextPackageID: Int64 = 1
  private var nextVersionID: Int64 = 1
  private var nextFileID: Int64 = 1

  /// A store filled from `seed`, ordering lists as `profile` does.
  public init(seed: GiteaSeed, profile: GiteaProfile) {
    order = ListingOrder(tieBreak: profile.tieBreak)
    repushKeepsIdentity = profile.repushKeepsIdentity
    for user in seed.users where userIDsByLowerLogin[user.login.lowercased()] == nil {
      addUser(user)
    }
    for token in seed.tokens {
      let userID = ensureUser(token.user)
      tokensByValue[token.value] = StoredToken(userID: userID, scopes: token.scopes)
    }
    var pending: [(package: SeedPackage, version: SeedVersion)] = []
    for package in seed.packages {
      let ownerID = ensureUser(package.owner)
      _ = ensurePackage(ownerID: ownerID, type: package.type, name: package.name)
      for version in package.versions {
        if let creator = version.creator { _ = ensureUser(creator) }
        pending.append((package, version))
      }
    }
    // Ids grow with push time, so seed versions are pushed oldest first.
    let ordered = pending.enumerated().sorted { left, right in
      let leftSeconds = GoTimeFormat.unixSeconds(left.element.version.created)
      let rightSeconds = GoTimeFormat.unixSeconds(right.element.version.created)
      return leftSeconds != rightSeconds ? leftSeconds < rightSeconds : left.offset < right.offset
    }
    for (_, item) in ordered {
      push(
        owner: item.package.owner, type: item.package.type, name: item.package.name,
        version: item.version.version, created: item.version.created, children: item.version.children,
        manifest: item.version.manifest, creator: item.version.creator, isInternal: item.version.isInternal)
    }
  }

  // MARK: Users and tokens

  /// The user or organisation called `login`, ignoring case.
  public func user(named login: String) -> GiteaUser? {
    userIDsByLowerLogin[login.lowercased()].flatMap { usersByID[$0] }
  }

  /// The user with id `id`.
  public func user(id: Int64) -> GiteaUser? { usersByID[id] }

  /// The owner and scopes of the token whose secret is `value`.
  func token(_ value: String) -> (user: GiteaUser, scopes: [String])? {
    guard let token = tokensByValue[value], let user = usersByID[token.userID] else { return nil }
    return (user, token.scopes)
  }

  /// Adds a user unless one with that login exists; returns its id.
  @discardableResult
  public mutating func ensureUser(_ login: String) -> Int64 {
    if let id = userIDsByLowerLogin[login.lowercased()] { return id }
    return addUser(SeedUser(login: login))
  }

  @discardableResult
  private mutating func addUser(_ seed: SeedUser) -> Int64 {
    let id = nextUserID
    nextUserID += 1
    usersByID[id] = GiteaUser(id: id, seed: seed)
    userIDsByLowerLogin[seed.login.lowercased()] = id
    return id
  }

  // MARK: Packages

  private mutating func ensurePackage(ownerID: Int64, type: String, name: String) -> Int64 {
    let storedName = type == "container" ? name.lowercased() : name
    let key = PackageKey(ownerID: ownerID, type: type, lowerName: name.lowercased())
    if let id = packageIDsByKey[key] { return id }
    let id = nextPackageID
    nextPackageID += 1
    packagesByID[id] = StoredPackage(
      id: id, ownerID: ownerID, type: type, name: storedName, lowerName: key.lowerName)
    packageIDsByKey[key] = id
    packageIDsByOwner[ownerID, default: []].append(id)
    versionIDsByPackage[id] = [:]
    packageListings[id] = SortedListing()
    return id
  }

  func package(ownerID: Int64, type: String, name: String) -> StoredPackage? {
    packageIDsByKey[PackageKey(ownerID: ownerID, type: type, lowerName: name.lowercased())]
      .flatMap { packagesByID[$0] }
  }

  func package(id: Int64) -> StoredPackage? { packagesByID[id] }

  /// All packages of an owner, in creation order.
  func packages(ownerID: Int64) -> [StoredPackage] {
    (packageIDsByOwner[ownerID] ?? []).compactMap { packagesByID[$0] }
  }

  /// Number of non-internal versions of a package.
  func visibleVersionCount(packageID: Int64) -> Int { packageListings[packageID]?.count ?? 0 }

  // MARK: Versions

  func version(id: Int64) -> StoredVersion? { versionsByID[id] }

  /// `GetVersionByNameAndVersion`: exact type, case-insensitive name and
  /// version, internal versions excluded.
  func visibleVersion(ownerID: Int64, type: String, name: String, version: String) -> StoredVersion? {
    guard let package = package(ownerID: ownerID, type: type, name: name),
      let id = versionIDsByPackage[package.id]?[version.lowercased()],
      let stored = versionsByID[id], !stored.isInternal
    else { return nil }
    return stored
  }

  /// Stores a manifest under `version`, creating the owner and package when
  /// needed. An existing version with that name (ignoring case) is replaced
  /// by a new row with a new id and `created`, unless the profile keeps
  /// identity on re-push, in which case the row is updated in place.
  ///
  /// For containers, name and version are lower-cased as Gitea does.
  @discardableResult
  public mutating func push(
    owner: String,
    type: String = "container",
    name: String,
    version: String,
    created: Date,
    children: [String] = [],
    manifest: ManifestRecord? = nil,
    creator: String? = nil,
    isInternal: Bool = false,
    extraFiles: [PackageFileContent] = []
  ) -> PushOutcome {
    let ownerID = ensureUser(owner)
    let creatorID = creator.map { ensureUser($0) } ?? ownerID
    let packageID = ensurePackage(ownerID: ownerID, type: type, name: name)
    let lowerVersion = version.lowercased()
    let storedVersion = type == "container" ? lowerVersion : version
    let files = makeFiles(type: type, manifest: manifest, extraFiles: extraFiles)

    var replacedID: Int64? = nil
    if let existingID = versionIDsByPackage[packageID]?[lowerVersion], let existing = versionsByID[existingID] {
      if repushKeepsIdentity {
        var updated = existing
        updated.manifest = manifest
        updated.children = children
        updated.files = files
        versionsByID[existingID] = updated
        return PushOutcome(
          id: existingID, created: Date(timeIntervalSince1970: TimeInterval(existing.createdUnix)),
          replacedID: existingID, keptIdentity: true)
      }
      removeVersion(existing)
      replacedID = existingID
    }

    let id = nextVersionID
    nextVersionID += 1
    let createdUnix = GoTimeFormat.unixSeconds(created)
    let stored = StoredVersion(
      id: id, packageID: packageID, version: storedVersion, lowerVersion: lowerVersion,
      createdUnix: createdUnix, creatorID: creatorID, isInternal: isInternal, manifest: manifest,
      children: children, files: files)
    versionsByID[id] = stored
    versionIDsByPackage[packageID]?[lowerVersion] = id
    if !isInternal, let package = packagesByID[packageID] {
      let entry = listingEntry(stored, package: package)
      ownerListings[package.ownerID, default: SortedListing()].insert(entry, order: order)
      packageListings[packageID, default: SortedListing()].insert(entry, order: order)
    }
    return PushOutcome(
      id: id, created: Date(timeIntervalSince1970: TimeInterval(createdUnix)), replacedID: replacedID,
      keptIdentity: false)
  }

  /// Deletes one version (what REST `DELETE …/{version}` does). Returns
  /// `false` when no such visible version exists.
  @discardableResult
  public mutating func deleteVersion(owner: String, type: String = "container", name: String, version: String) -> Bool {
    guard let ownerID = user(named: owner)?.id,
      let stored = visibleVersion(ownerID: ownerID, type: type, name: name, version: version)
    else { return false }
    removeVersion(stored)
    return true
  }

  mutating func deleteVersion(id: Int64) {
    if let stored = versionsByID[id] { removeVersion(stored) }
  }

  /// Deletes a package with all its versions. Returns the number of
  /// versions removed, or `nil` when there is no such package.
  @discardableResult
  public mutating func deletePackage(owner: String, type: String = "container", name: String) -> Int? {
    guard let ownerID = user(named: owner)?.id,
      let package = package(ownerID: ownerID, type: type, name: name)
    else { return nil }
    return deletePackage(id: package.id)
  }

  @discardableResult
  mutating func deletePackage(id: Int64) -> Int {
    guard let package = packagesByID[id] else { return 0 }
    var removed = 0
    // Taken out first, so that removing each version does not edit the
    // dictionary being walked (which would copy it).
    let versionIDs = versionIDsByPackage.removeValue(forKey: id) ?? [:]
    for versionID in versionIDs.values {
      if let stored = versionsByID[versionID] {
        if !stored.isInternal { removed += 1 }
        removeVersion(stored)
      }
    }
    packagesByID[id] = nil
    packageIDsByKey[PackageKey(ownerID: package.ownerID, type: package.type, lowerName: package.lowerName)] = nil
    packageIDsByOwner[package.ownerID]?.removeAll { $0 == id }
    packageListings[id] = nil
    return removed
  }

  /// What Gitea's `cleanup_packages` cron does to package rows: removes
  /// packages left without any version. Returns how many were removed.
  @discardableResult
  public mutating func removeEmptyPackages() -> Int {
    let empty = packagesByID.keys.filter { versionIDsByPackage[$0]?.isEmpty ?? true }
    for id in empty { deletePackage(id: id) }
    return empty.count
  }

  private mutating func removeVersion(_ stored: StoredVersion) {
    versionsByID[stored.id] = nil
    guard let package = packagesByID[stored.packageID] else { return }
    versionIDsByPackage[stored.packageID]?[stored.lowerVersion] = nil
    if !stored.isInternal {
      let entry = listingEntry(stored, package: package)
      ownerListings[package.ownerID]?.remove(entry, order: order)
      packageListings[package.id]?.remove(entry, order: order)
    }
  }

  private func listingEntry(_ stored: StoredVersion, package: StoredPackage) -> ListingEntry {
    ListingEntry(
      id: stored.id, packageID: package.id, createdUnix: stored.createdUnix, lowerName: package.lowerName,
      lowerVersion: stored.lowerVersion)
  }

  private mutating func makeFiles(
    type: String, manifest: ManifestRecord?, extraFiles: [PackageFileContent]
  ) -> [PackageFileRecord] {
    var contents: [PackageFileContent] = []
    if type == "container" {
      let bytes = manifest?.bytes ?? Data()
      contents.append(
        PackageFileContent(
          name: "manifest.json", size: Int64(bytes.count),
          hashes: bytes.isEmpty ? .ofEmptyContent : ContentHashes(of: bytes)))
    } else if extraFiles.isEmpty {
      contents.append(PackageFileContent(name: "file.bin", size: 0, hashes: .ofEmptyContent))
    }
    contents.append(contentsOf: extraFiles)
    return contents.map { content in
      defer { nextFileID += 1 }
      return PackageFileRecord(id: nextFileID, content: content)
    }
  }

  // MARK: Searching

  /// How a search narrows package names.
  enum NameFilter {
    case any
    case like(SQLLikePattern)
    case exact(String)
  }

  /// `SearchVersions`: the owner's non-internal versions whose package
  /// matches `type` (empty or `all` for any) and `name`, in list order, as
  /// one page plus the total count.
  func searchVersions(
    ownerID: Int64, type: String, name: NameFilter, offset: Int, limit: Int
  ) -> (rows: [StoredVersion], total: Int) {
    let ownerPackageIDs = packageIDsByOwner[ownerID] ?? []
    let matching = matchingPackageIDs(ownerPackageIDs, type: type, name: name)
    let listing: SortedListing
    let filter: Set<Int64>?
    if matching.count == ownerPackageIDs.count {
      listing = ownerListings[ownerID] ?? SortedListing()
      filter = nil
    } else if matching.count == 1 {
      listing = packageListings[matching[0]] ?? SortedListing()
      filter = nil
    } else {
      listing = ownerListings[ownerID] ?? SortedListing()
      filter = Set(matching)
    }
    guard let filter else {
      let total = listing.count
      guard offset < total, limit > 0 else { return ([], total) }
      return (listing.page(offset: offset, limit: limit).compactMap { versionsByID[$0.id] }, total)
    }
    let total = matching.reduce(0) { $0 + visibleVersionCount(packageID: $1) }
    var rows: [StoredVersion] = []
    var skipped = 0
    guard offset < total else { return ([], total) }
    for entry in listing.entries where filter.contains(entry.packageID) {
      if skipped < offset {
        skipped += 1
        continue
      }
      if let stored = versionsByID[entry.id] { rows.append(stored) }
      if rows.count == limit { break }
    }
    return (rows, total)
  }

  /// `SearchLatestVersions`: the visible version with the highest id among
  /// the matching packages.
  func latestVersion(ownerID: Int64, type: String, name: String) -> StoredVersion? {
    let ids = matchingPackageIDs(packageIDsByOwner[ownerID] ?? [], type: type, name: .exact(name.lowercased()))
    let newest = ids.compactMap { packageListings[$0]?.entries.map(\.id).max() }.max()
    return newest.flatMap { versionsByID[$0] }
  }

  private func matchingPackageIDs(_ ids: [Int64], type: String, name: NameFilter) -> [Int64] {
    let typeFilter = (type.isEmpty || type == "all") ? nil : type
    return ids.filter { id in
      guard let package = packagesByID[id] else { return false }
      if let typeFilter, package.type != typeFilter { return false }
      switch name {
      case .any: return true
      case .like(let pattern): return pattern.matches(package.lowerName)
      case .exact(let lowerName): return package.lowerName == lowerName
      }
    }
  }

  // MARK: Snapshots

  /// Every package with its versions (visible ones in list order, then internal ones).
  public func allPackages() -> [PackageSnapshot] {
    packagesByID.keys.sorted().compactMap { snapshot(packageID: $0) }
  }

  /// The current version names of a package, sorted by byte order.
  public func versionNames(owner: String, type: String = "container", name: String) -> [String] {
    guard let ownerID = user(named: owner)?.id, let package = package(ownerID: ownerID, type: type, name: name)
    else { return [] }
    return (versionIDsByPackage[package.id] ?? [:]).values.compactMap { versionsByID[$0] }.filter { !$0.isInternal }
      .map(\.version)
      .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  /// One version, internal ones included when asked for.
  public func versionSnapshot(
    owner: String, type: String = "container", name: String, version: String, includeInternal: Bool = false
  ) -> PackageVersionSnapshot? {
    guard let ownerID = user(named: owner)?.id, let package = package(ownerID: ownerID, type: type, name: name),
      let id = versionIDsByPackage[package.id]?[version.lowercased()], let stored = versionsByID[id],
      includeInternal || !stored.isInternal
    else { return nil }
    return snapshot(of: stored)
  }

  /// The versions of a package whose manifest has `digest` (what an OCI
  /// delete by digest removes), in list order.
  public func versionsWithManifestDigest(
    owner: String, type: String = "container", name: String, digest: String
  ) -> [PackageVersionSnapshot] {
    guard let snapshot = packageSnapshot(owner: owner, type: type, name: name) else { return [] }
    return snapshot.versions.filter { $0.manifest?.digest == digest }
  }

  /// One package, or `nil`.
  public func packageSnapshot(owner: String, type: String = "container", name: String) -> PackageSnapshot? {
    guard let ownerID = user(named: owner)?.id, let package = package(ownerID: ownerID, type: type, name: name)
    else { return nil }
    return snapshot(packageID: package.id)
  }

  private func snapshot(packageID: Int64) -> PackageSnapshot? {
    guard let package = packagesByID[packageID], let owner = usersByID[package.ownerID] else { return nil }
    let listed = (packageListings[packageID] ?? SortedListing()).entries.compactMap { versionsByID[$0.id] }
    let internalVersions = (versionIDsByPackage[packageID] ?? [:]).values.compactMap { versionsByID[$0] }
      .filter(\.isInternal)
      .sorted { $0.id < $1.id }
    return PackageSnapshot(
      owner: owner.login, type: package.type, name: package.name,
      versions: (listed + internalVersions).map { snapshot(of: $0) })
  }

  private func snapshot(of stored: StoredVersion) -> PackageVersionSnapshot {
    PackageVersionSnapshot(
      id: stored.id, version: stored.version,
      created: Date(timeIntervalSince1970: TimeInterval(stored.createdUnix)), children: stored.children,
      manifest: stored.manifest, creator: usersByID[stored.creatorID]?.login ?? "Ghost",
      isInternal: stored.isInternal, files: stored.files)
  }
}
