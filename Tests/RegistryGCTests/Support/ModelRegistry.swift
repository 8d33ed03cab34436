import Foundation

/// One row of the test model: a version of one of the owner's packages.
struct ModelVersion: Sendable, Equatable {
  /// `package_version.id`, unique across the owner's packages.
  var id: Int64
  /// The package name as Gitea stores it (lower-case, may contain `/`).
  var package: String
  /// The tag or `sha256:` digest.
  var version: String
  var createdAt: Date
  /// `created_at` as the model serves it (any zone the test likes).
  var createdAtText: String
  /// The child digests, when this version is an image index.
  var children: [String] = []
  var type = "container"

  init(
    id: Int64, package: String, version: String, createdAt: Date, createdAtText: String? = nil,
    children: [String] = [], type: String = "container"
  ) {
    self.id = id
    self.package = package
    self.version = version
    self.createdAt = createdAt
    self.createdAtText = createdAtText ?? GCFixtures.rfc3339(createdAt)
    self.children = children
    self.type = type
  }
}

/// How Gitea orders rows pushed in the same second.
enum ModelTieOrder: Sendable {
  /// Gitea 1.22.0 to 1.23.7, Forgejo 7 to 11.
  case idAscending
  /// Gitea 1.23.8 and later, Forgejo 12 and later.
  case idDescending
}

/// A tiny model of one Gitea owner's container packages, enough to answer the
/// owner's list endpoint the way Gitea does: `q` is a case-insensitive
/// substring of the package name, rows are sorted newest first across all
/// packages, `limit` falls back to 30 and is capped at 50, and
/// `X-Total-Count` counts every matching row.
struct ModelRegistry: Sendable {
  var owner: String
  var versions: [ModelVersion]
  var defaultPageSize = 30
  var maxPageSize = 50
  /// When false the server always uses the default page size (a proxy that
  /// drops the parameter, or an old server).
  var honoursLimit = true
  var tieOrder = ModelTieOrder.idDescending
  var sendsTotalCount = true
  /// What X-Total-Count says instead of the true count (a server that under-
  /// or over-reports).
  var reportedTotal: Int?
  /// When false `type=` is not applied (a server or proxy that loses it).
  var filtersType = true

  init(owner: String = "acme", versions: [ModelVersion] = []) {
    self.owner = owner
    self.versions = versions
  }

  func ownsAs(_ name: String) -> Bool {
    owner.lowercased() == name.lowercased()
  }

  /// The rows the list endpoint matches, in Gitea's order.
  func matching(type: String?, query: String?) -> [ModelVersion] {
    let wantedType = type?.trimmingCharacters(in: .whitespaces) ?? ""
    let needle = (query ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    return versions.filter { row in
      (!filtersType || wantedType.isEmpty || wantedType == "all" || row.type == wantedType)
        && (needle.isEmpty || Self.contains(row.package.lowercased(), needle))
    }.sorted { a, b in
      let secondsA = a.createdAt.timeIntervalSince1970.rounded(.down)
      let secondsB = b.createdAt.timeIntervalSince1970.rounded(.down)
      if secondsA != secondsB { return secondsA > secondsB }
      return tieOrder == .idAscending ? a.id < b.id : a.id > b.id
    }
  }

  /// Whether `needle` occurs in `text`, byte by byte (Gitea's `LIKE %q%`
  /// on lower-cased names; also far quicker than Foundation's search).
  static func contains(_ text: String, _ needle: String) -> Bool {
    let haystack = Array(text.utf8)
    let pattern = Array(needle.utf8)
    guard pattern.count <= haystack.count else { return false }
    return (0...(haystack.count - pattern.count)).contains { start in
      haystack[start..<(start + pattern.count)].elementsEqual(pattern)
    }
  }

  /// The effective page size for a `limit` parameter as Gitea reads it.
  func pageSize(limit: String?) -> Int {
    guard honoursLimit, let limit, let number = Int(limit), number > 0 else { return defaultPageSize }
    return min(number, maxPageSize)
  }

  /// One page of the list endpoint and the total of matching rows.
  func page(type: String?, query: String?, page: String?, limit: String?) -> (rows: [ModelVersion], total: Int) {
    let all = matching(type: type, query: query)
    let size = pageSize(limit: limit)
    let number = max(1, Int(page ?? "") ?? 1)
    let start = (number - 1) * size
    guard start < all.count else { return ([], all.count) }
    return (Array(all[start..<min(all.count, start + size)]), all.count)
  }

  /// The version of `package` named `version`, compared as Gitea does
  /// (both lower-cased).
  func find(package: String, version: String) -> ModelVersion? {
    versions.first {
      $0.package.lowercased() == package.lowercased() && $0.version.lowercased() == version.lowercased()
    }
  }

  /// Removes one version; false when there is no such version.
  @discardableResult
  mutating func remove(package: String, version: String) -> Bool {
    guard
      let index = versions.firstIndex(where: {
        $0.package.lowercased() == package.lowercased() && $0.version.lowercased() == version.lowercased()
      })
    else { return false }
    versions.remove(at: index)
    return true
  }

  /// A list page's body as Gitea writes it, built as text (the rows of a
  /// randomized run are many; JSONSerialization is slow on Linux).
  func jsonBody(_ rows: [ModelVersion]) -> Data {
    func quoted(_ text: String) -> String {
      var result = "\""
      for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
        default: result.unicodeScalars.append(scalar)
        }
      }
      return result + "\""
    }
    let owner = quoted(owner)
    let objects = rows.map { row in
      "{\"id\":\(row.id),\"owner\":{\"id\":1,\"login\":\(owner),\"full_name\":\"\"},\"repository\":null,"
        + "\"creator\":{\"id\":1,\"login\":\(owner)},\"type\":\(quoted(row.type)),\"name\":\(quoted(row.package)),"
        + "\"version\":\(quoted(row.version)),\"created_at\":\(quoted(row.createdAtText)),"
        + "\"html_url\":\(quoted("https://git.example.com/-/packages/" + row.type + "/" + row.version))}"
    }
    return Data(("[" + objects.joined(separator: ",") + "]").utf8)
  }

  /// The JSON object Gitea sends for one row of the list.
  func json(_ row: ModelVersion) -> [String: Any] {
    [
      "id": row.id,
      "owner": ["id": 1, "login": owner, "full_name": ""],
      "repository": NSNull(),
      "creator": ["id": 1, "login": owner],
      "type": row.type,
      "name": row.package,
      "version": row.version,
      "created_at": row.createdAtText,
      "html_url": "https://git.example.com/\(owner)/-/packages/\(row.type)/\(row.package)/\(row.version)",
    ]
  }
}
