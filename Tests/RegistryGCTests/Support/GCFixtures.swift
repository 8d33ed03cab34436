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

  /// RFC 3339 text for `date` at `offsetMinutes` east of UTC, written with
  /// Foundation's calendar rather than the code under test.
  static func rfc3339(_ date: Date, offsetMinutes: Int = 0, fractionDigits: Int = 0) -> String {
    // Shift to the wall clock at the offset and read it in UTC: Foundation's
    // zones stop at ±18 hours, RFC 3339 offsets do not.
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let whole = date.timeIntervalSince1970.rounded(.down)
    let parts = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second],
      from: Date(timeIntervalSince1970: whole + Double(offsetMinutes * 60)))
    func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
    var text = String(format: "%04d", parts.year ?? 0) + "-" + two(parts.month) + "-" + two(parts.day)
    text += "T" + two(parts.hour) + ":" + two(parts.minute) + ":" + two(parts.second)
    if fractionDigits > 0 {
      let fraction = date.timeIntervalSince1970 - whole
      let scaled = Int((fraction * pow(10, Double(fractionDigits))).rounded())
      let digits = String(scaled)
      text += "." + String(repeating: "0", count: max(0, fractionDigits - digits.count)) + digits
    }
    if offsetMinutes == 0 { return text + "Z" }
    let magnitude = abs(offsetMinutes)
    return text + (offsetMinutes < 0 ? "-" : "+") + two(magnitude / 60) + ":" + two(magnitude % 60)
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
    deleteRendezvous: Int? = nil, interceptor: ModelGiteaTransport.Interceptor? = nil
  ) -> ModelGiteaTransport {
    var registry = ModelRegistry(owner: owner, versions: versions)
    configure(&registry)
    return ModelGiteaTransport(
      registry: registry, requiredToken: token, deleteRendezvous: deleteRendezvous, interceptor: interceptor)
  }

  /// `count` tags `t01`, `t02`, ... of `package`, `t_k` being `k` days and an hour old.
  static func numberedTags(_ count: Int, package: String = "app", firstID: Int64 = 1) -> [ModelVersion] {
    (1...count).map { k in
      let name = "t" + (k < 10 ? "0\(k)" : "\(k)")
      return row(name, id: firstID + Int64(count - k), created: ago(days: Double(k), hours: 1), package: package)
    }
  }
}
