import Foundation

/// One row of Gitea's package list: one version (a tag, or an untagged
/// `sha256:` manifest) of one package.
public struct PackageVersion: Sendable, Hashable {
  /// The version's id (`package_version.id`). A re-pushed tag gets a new one.
  public var id: Int64
  /// The package's name as Gitea reports it (lower-cased for containers).
  public var packageName: String
  /// The package type, `container` for images.
  public var type: String
  /// The tag, or `sha256:<hex>` for a manifest pushed by digest.
  public var version: String
  /// When this version was (last) pushed.
  public var createdAt: Date
  /// `created_at` exactly as the server wrote it, for reports.
  public var createdAtText: String

  public init(id: Int64, packageName: String, type: String = "container", version: String, createdAt: Date, createdAtText: String? = nil) {
    self.id = id
    self.packageName = packageName
    self.type = type
    self.version = version
    self.createdAt = createdAt
    self.createdAtText = createdAtText ?? Timestamp.format(createdAt)
  }

  /// Whether this row is an untagged manifest named by its digest.
  public var isDigest: Bool { Digest.isValid(version) }

  /// Newest first: later `createdAt`, then the higher id, which Gitea assigns
  /// to the later insert. The order is total, so every run sorts alike.
  public static func newerFirst(_ a: PackageVersion, _ b: PackageVersion) -> Bool {
    if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
    if a.id != b.id { return a.id > b.id }
    return a.version < b.version
  }
}

/// Content digests as Gitea names untagged container versions.
public enum Digest {
  /// Whether `text` is `sha256:` followed by 64 lower-case hex digits.
  public static func isValid(_ text: String) -> Bool {
    let bytes = text.utf8
    guard bytes.count == 71, text.hasPrefix("sha256:") else { return false }
    return bytes.dropFirst(7).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }
}

extension PackageVersion {
  /// Reads one package row. Throws a message naming the missing or mistyped
  /// field, so a listing that is not what Gitea sends is refused.
  init(row: Any, index: Int) throws(ListingDecodingError) {
    guard let object = row as? [String: Any] else {
      throw ListingDecodingError("row \(index) is not a JSON object")
    }
    func string(_ key: String) throws(ListingDecodingError) -> String {
      guard let value = object[key] as? String else {
        throw ListingDecodingError("row \(index) has no string '\(key)'")
      }
      return value
    }
    guard let number = object["id"] as? NSNumber, let id = Int64(exactly: number.doubleValue) else {
      throw ListingDecodingError("row \(index) has no integer 'id'")
    }
    let created = try string("created_at")
    guard let date = Timestamp.parse(created) else {
      throw ListingDecodingError("row \(index) has a 'created_at' that is not an RFC 3339 time: \"\(created)\"")
    }
    let version = try string("version")
    guard !version.isEmpty else {
      throw ListingDecodingError("row \(index) has an empty 'version'")
    }
    self.init(
      id: id, packageName: try string("name"), type: try string("type"), version: version,
      createdAt: date, createdAtText: created)
  }

  /// Decodes a list page: a JSON array of package objects.
  static func decodePage(_ body: Data) throws(ListingDecodingError) -> [PackageVersion] {
    // The fast path: JSONDecoder on plain structs is several times quicker
    // than JSONSerialization on Linux, and a page is read for every 50 rows.
    // Anything it does not accept goes down the slow path below, which
    // names exactly what is wrong.
    if let rows = try? JSONDecoder().decode([Row].self, from: body) {
      var versions: [PackageVersion] = []
      versions.reserveCapacity(rows.count)
      for row in rows {
        guard !row.version.isEmpty, let date = Timestamp.parse(row.created_at) else { break }
        versions.append(
          PackageVersion(
            id: row.id, packageName: row.name, type: row.type, version: row.version, createdAt: date,
            createdAtText: row.created_at))
      }
      if versions.count == rows.count { return versions }
    }
    return try decodePageStrictly(body)
  }

  /// The fields of a list row the GC reads.
  private struct Row: Decodable {
    var id: Int64
    var name: String
    var type: String
    var version: String
    var created_at: String
  }

  /// Reads a page field by field, to say which row and field are wrong.
  static func decodePageStrictly(_ body: Data) throws(ListingDecodingError) -> [PackageVersion] {
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
    } catch {
      let preview = String(decoding: body.prefix(80), as: UTF8.self)
      throw ListingDecodingError("the body is not JSON (starts with \"\(preview)\")")
    }
    guard let rows = parsed as? [Any] else {
      throw ListingDecodingError("the body is JSON but not an array of packages")
    }
    var versions: [PackageVersion] = []
    versions.reserveCapacity(rows.count)
    for (index, row) in rows.enumerated() {
      versions.append(try PackageVersion(row: row, index: index))
    }
    return versions
  }
}

/// Why a list page could not be read.
struct ListingDecodingError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
