import Foundation

@testable import RegistryGC

/// Shared values and small builders for the GC's tests.
enum GCFixtures {
  /// The fixed clock of the bug-case notation: 2025-06-01T00:00:00Z.
  static let now = Date(timeIntervalSince1970: 1_748_736_000)
  static let nowText = "2025-06-01T00:00:00Z"
  static let host = URL(string: "https://git.example.com")!
  static let userAgent = "registry-gc-tests/1"
  /// A token distinctive enough that finding it anywhere in output is a leak.
  static let token = "tok-Zq8V3nK7-SECRET-do-not-print-41f"

  static let day: TimeInterval = 86_400
  static let hour: TimeInterval = 3_600

  /// `now` minus a number of days and hours.
  static func ago(days: Double = 0, hours: Double = 0, seconds: Double = 0) -> Date {
    now.addingTimeInterval(-(days * day + hours * hour + seconds))
  }

  /// A valid `sha256:` digest derived from a number, so tests can name them.
  static func digest(_ number: Int64) -> String {
    let hex = String(UInt64(bitPattern: number), radix: 16)
    return "sha256:" + String(repeating: "0", count: 64 - hex.count) + hex
  }

  /// A valid digest whose first hex digits spell a label (hex letters only).
  static func digest(_ label: String) -> String {
    precondition(label.allSatisfy { "0123456789abcdef".contains($0) } && label.count <= 64)
    return "sha256:" + label + String(repeating: "0", count: 64 - label.count)
  }

  /// A package version row for the planner.
  static func version(
    _ name: String, id: Int64, created: Date, package: String = "app"
  ) -> PackageVersion {
    PackageVersion(id: id, packageName: package, version: name, createdAt: created)
  }

  /// RFC 3339 text for `date` at `offsetMinutes` east of UTC, worked out by
  /// counting whole years and months rather than by the code under test.
  static func rfc3339(_ date: Date, offsetMinutes: Int = 0, fractionDigits: Int = 0) -> String {
    let whole = date.timeIntervalSince1970.rounded(.down)
    let local = Int64(whole) + Int64(offsetMinutes * 60)
    var days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    let secondOfDay = local - days * 86_400
    func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }
    var year: Int64 = 1970
    while days < 0 {
      year -= 1
      days += isLeap(year) ? 366 : 365
    }
    while days >= (isLeap(year) ? 366 : 365) {
      days -= isLeap(year) ? 366 : 365
      year += 1
    }
    let monthLengths: [Int64] = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var month = 0
    while days >= monthLengths[month] {
      days -= monthLengths[month]
      month += 1
    }
    func digits(_ value: Int64, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    var text = digits(year, 4) + "-" + digits(Int64(month + 1), 2) + "-" + digits(days + 1, 2)
    text +=
      "T" + digits(secondOfDay / 3600, 2) + ":" + digits(secondOfDay % 3600 / 60, 2) + ":" + digits(secondOfDay % 60, 2)
    if fractionDigits > 0 {
      let fraction = date.timeIntervalSince1970 - whole
      text += "." + digits(Int64((fraction * pow(10, Double(fractionDigits))).rounded()), fractionDigits)
    }
    if offsetMinutes == 0 { return text + "Z" }
    let magnitude = Int64(abs(offsetMinutes))
    return text + (offsetMinutes < 0 ? "-" : "+") + digits(magnitude / 60, 2) + ":" + digits(magnitude % 60, 2)
  }

  /// A model row whose `created_at` is written at the given offset.
  static func row(
    _ name: String, id: Int64, created: Date, package: String = "app", offsetMinutes: Int = 0,
    children: [String] = []
  ) -> ModelVersion {
    ModelVersion(
      id: id, package: package, version: name, createdAt: created,
      createdAtText: rfc3339(created, offsetMinutes: offsetMinutes), children: children)
  }

  /// A client on `transport` with the test token and User-Agent.
  static func client(_ transport: any HTTPTransport, pageSize: Int = 50) -> GiteaClient {
    GiteaClient(baseURL: host, token: Secret(token), userAgent: userAgent, transport: transport, pageSize: pageSize)
  }

  /// A reference reader on `transport` with the test token and User-Agent.
  static func reader(_ transport: any HTTPTransport, concurrency: Int = 4) -> RegistryReferenceReader {
    RegistryReferenceReader(
      baseURL: host, token: Secret(token), userAgent: userAgent, transport: transport, concurrency: concurrency)
  }

  /// A transport whose model requires the test token.
  static func transport(
    _ versions: [ModelVersion], owner: String = "acme", configure: (inout ModelRegistry) -> Void = { _ in },
    rendezvous: [ModelRoute.Kind: Int] = [:], interceptor: ModelGiteaTransport.Interceptor? = nil
  ) -> ModelGiteaTransport {
    var registry = ModelRegistry(owner: owner, versions: versions)
    configure(&registry)
    return ModelGiteaTransport(
      registry: registry, requiredToken: token, rendezvous: rendezvous, interceptor: interceptor)
  }

  /// `count` tags `t01`, `t02`, ... of `package`, `t_k` being `k` days and an hour old.
  static func numberedTags(_ count: Int, package: String = "app", firstID: Int64 = 1) -> [ModelVersion] {
    (1...count).map { k in
      let name = "t" + (k < 10 ? "0\(k)" : "\(k)")
      return row(name, id: firstID + Int64(count - k), created: ago(days: Double(k), hours: 1), package: package)
    }
  }
}
