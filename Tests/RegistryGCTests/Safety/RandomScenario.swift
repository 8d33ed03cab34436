import Foundation

/// One randomly generated registry, command line and fault schedule.
struct RandomScenario: Sendable, CustomStringConvertible {
  var registry: ModelRegistry
  /// The target package as stored (lower-case).
  var packageName: String
  /// What `--package` is given (may differ in case).
  var packageArgument: String
  var oracle: PolicyOracle
  var arguments: [String]
  var dryRun: Bool
  var json: Bool
  var readReferences: Bool
  var attempts: Int
  var faults: [InjectedFault]

  /// The target package's rows.
  var targetRows: [ModelVersion] { registry.versions.filter { $0.package == packageName } }

  var description: String {
    var lines = [
      "arguments: \(arguments.joined(separator: " "))",
      "server: default page \(registry.defaultPageSize), max \(registry.maxPageSize), honours limit \(registry.honoursLimit), ties \(registry.tieOrder)",
      "faults: \(faults.map(\.description))",
      "rows of \(packageName) (newest first):",
    ]
    let rows = targetRows.sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.id > $1.id }
    for row in rows {
      let children =
        row.children.isEmpty ? "" : " -> " + row.children.map { String($0.prefix(14)) }.joined(separator: ",")
      lines.append("  \(row.version) id=\(row.id) created=\(row.createdAtText)\(children)")
    }
    lines.append("other rows: \(registry.versions.count - rows.count)")
    return lines.joined(separator: "\n")
  }

  // MARK: Generating

  static let now = GCFixtures.now
  static let siblingNames: [String: [String]] = [
    "app": ["app-preview", "my-app", "app2"],
    "team/app": ["team/app-old", "x/team/app"],
    "svc": ["svc-api", "legacy-svc"],
  ]
  static let zoneOffsets = [0, 0, 0, 60, 120, -240, -300, 330, 345, -570, 840, -720]
  static let keepDayChoices = [0, 1, 7, 30, 90, 180, 365]
  static let patternChoices: [[String]?] = [
    nil, nil, nil, ["corpus-*"], ["rc-*"], ["v1.1*", "corpus-*"], ["build-?"], ["*-keep"],
  ]
  static let graceChoices: [(String?, Int)] = [
    (nil, 86_400), (nil, 86_400), ("0s", 0), ("90m", 5_400), ("3d", 259_200),
  ]

  static func generate(_ random: inout SplitMix64) -> RandomScenario {
    let packageName = random.pick(["app", "app", "team/app", "svc"])
    let packageArgument = random.chance(0.15) ? packageName.uppercased() : packageName

    // The policy first, so that generated times can stay off its boundaries.
    let keepLatest = Int.random(in: 0...8, using: &random)
    let keepDays = random.pick(keepDayChoices)
    let patterns = random.pick(patternChoices)
    let (graceArgument, graceSeconds) = random.pick(graceChoices)
    let oracle = PolicyOracle(
      now: now, keepLatest: keepLatest, keepDays: keepDays, patterns: patterns ?? ["corpus-*"],
      graceSeconds: graceSeconds)

    let dates = DateSource(keepDays: keepDays, graceSeconds: graceSeconds, fractions: random.chance(0.1))
    var ids = Array(Int64(1)...Int64(3_000)).shuffled(using: &random)[...]

    // The target package: tags, digests, and indexes referencing digests.
    var rows: [ModelVersion] = []
    let packageMissing = random.chance(0.04)
    let digestCount = packageMissing ? 0 : Int.random(in: 0...(random.chance(0.3) ? 0 : 18), using: &random)
    var digests: [String] = []
    for _ in 0..<digestCount {
      let name = GCFixtures.digest(Int64(bitPattern: random.next()))
      digests.append(name)
      rows.append(dates.row(name, id: ids.popFirst()!, package: packageName, &random))
    }
    let tagCount = packageMissing ? 0 : Int.random(in: 0...(random.chance(0.2) ? 60 : 22), using: &random)
    var tagNames: [String] = []
    if !packageMissing && random.chance(0.6) { tagNames.append("latest") }
    for k in 0..<Int.random(in: 0...3, using: &random) where !packageMissing { tagNames.append("corpus-\(k)") }
    var serial = 0
    while tagNames.count < tagCount {
      serial += Int.random(in: 1...3, using: &random)
      let candidate = random.pick([
        "v1.\(serial)", "rc-\(serial)", "build-\(serial % 10)", "v1.1\(serial)", "\(serial)-keep",
      ])
      if !tagNames.contains(candidate) { tagNames.append(candidate) }
    }
    for name in tagNames {
      var row = dates.row(name, id: ids.popFirst()!, package: packageName, &random)
      if !digests.isEmpty, random.chance(0.35) {
        row.children = (0..<Int.random(in: 1...3, using: &random)).map { _ in random.pick(digests) }
        if random.chance(0.1) { row.children.append(GCFixtures.digest(Int64(bitPattern: random.next()))) }
        // Pushed together: the children share the index's second.
        if random.chance(0.5) {
          for child in row.children {
            if let index = rows.firstIndex(where: { $0.version == child }) {
              rows[index].createdAt = row.createdAt
              rows[index].createdAtText = dates.text(row.createdAt, &random)
            }
          }
        }
      }
      rows.append(row)
    }
    // Ties: some rows take another row's second.
    for index in rows.indices where random.chance(0.15) {
      let other = random.pick(rows.indices)
      rows[index].createdAt = rows[other].createdAt
      rows[index].createdAtText = dates.text(rows[other].createdAt, &random)
    }

    // Siblings that `q=` also matches, sharing some tag names, and an unrelated package.
    for sibling in siblingNames[packageName]! where random.chance(0.5) {
      for _ in 0..<Int.random(in: 1...25, using: &random) {
        let name = !tagNames.isEmpty && random.chance(0.5) ? random.pick(tagNames) : "s\(random.next() % 1000)"
        guard !rows.contains(where: { $0.package == sibling && $0.version == name }) else { continue }
        rows.append(dates.row(name, id: ids.popFirst()!, package: sibling, &random))
      }
    }
    if random.chance(0.3) { rows.append(dates.row("v9", id: ids.popFirst()!, package: "unrelated", &random)) }

    var registry = ModelRegistry(owner: "acme", versions: rows.shuffled(using: &random))
    registry.honoursLimit = random.chance(0.5)
    registry.tieOrder = random.chance(0.5) ? .idAscending : .idDescending
    registry.defaultPageSize = random.pick([30, 30, 7])
    registry.maxPageSize = random.pick([50, 50, 20])

    // The command line.
    let dryRun = random.chance(0.15)
    let json = random.chance(0.3)
    let readReferences = random.chance(0.9)
    let attempts = random.pick([1, 4, 4])
    var arguments = CommandHarness.arguments(package: packageArgument)
    arguments += ["--keep-latest", String(keepLatest), "--keep-days", String(keepDays)]
    arguments += ["--concurrency", String(Int.random(in: 1...6, using: &random)), "--attempts", String(attempts)]
    for pattern in patterns ?? [] { arguments += ["--keep", pattern] }
    if let graceArgument { arguments += ["--digest-grace", graceArgument] }
    if dryRun { arguments.append("--dry-run") }
    if json { arguments.append("--json") }
    if !readReferences { arguments.append("--no-references") }

    let faults = generateFaults(
      &random, tags: tagNames, versions: rows.filter { $0.package == packageName }.map(\.version))
    return RandomScenario(
      registry: registry, packageName: packageName, packageArgument: packageArgument, oracle: oracle,
      arguments: arguments, dryRun: dryRun, json: json, readReferences: readReferences, attempts: attempts,
      faults: faults)
  }

  static func generateFaults(_ random: inout SplitMix64, tags: [String], versions: [String]) -> [InjectedFault] {
    let count = random.pick([0, 0, 0, 0, 1, 1, 1, 2, 2, 3])
    var faults: [InjectedFault] = []
    for _ in 0..<count {
      let page = random.pick([1, 1, 2, 2, 3, 4])
      let fault: InjectedFault
      switch Int.random(in: 0..<20, using: &random) {
      case 0: fault = .listAnswer(page: page, random.pick(InjectedFault.BadAnswer.allCases))
      case 1: fault = .listNoAnswer(page: page, transient: random.chance(0.5))
      case 2: fault = .listUnavailableOnce(page: page)
      case 3: fault = .listDroppedPage(page: page)
      case 4: fault = .listTruncatedPage(page: page)
      case 5: fault = .listRepeatedPage(page: max(2, page))
      case 6:
        fault =
          random.chance(0.5)
          ? .totalTooHigh(by: Int.random(in: 1...5, using: &random)) : .totalChanges(page: max(2, page))
      case 7: fault = random.chance(0.7) ? .totalTooLow(by: Int.random(in: 1...40, using: &random)) : .totalMissing
      case 8: fault = .relistFails
      case 9: fault = .tokenRefused
      case 10, 11:
        guard !tags.isEmpty else { continue }
        let tag = random.pick(tags)
        fault =
          random.chance(0.7)
          ? .manifestBroken(tag: tag, random.pick(InjectedFault.BadManifest.allCases))
          : .manifestUnavailableOnce(tag: tag)
      default:
        guard !versions.isEmpty else { continue }
        let version = random.pick(versions)
        fault = random.pick([
          InjectedFault.deleteServerError(version: version), .deleteBadGateway(version: version),
          .deleteNotFoundStillListed(version: version), .deleteAlreadyGone(version: version),
          .deleteNoAnswer(version: version), .deleteUnavailableOnce(version: version),
          .deleteAnswerLost(version: version),
        ])
      }
      // A page dropped while no total is sent cannot be noticed by any client: not a GC bug.
      let hidesDrops = { (f: InjectedFault) -> Bool in f == .totalMissing }
      let drops = { (f: InjectedFault) -> Bool in
        if case .listDroppedPage = f { return true }
        if case .listTruncatedPage = f { return true }
        return false
      }
      if (hidesDrops(fault) && faults.contains(where: drops)) || (drops(fault) && faults.contains(where: hidesDrops)) {
        continue
      }
      // One change to the rows at a time: a repeated page could bring back a dropped row.
      if fault.changesRows, faults.contains(where: \.changesRows) { continue }
      // One lie about the total at a time: two could cancel out.
      if fault.changesTotal, faults.contains(where: \.changesTotal) { continue }
      // One fault per DELETE target, so each version's outcome is plain.
      if let target = fault.deleteTarget, faults.contains(where: { $0.deleteTarget == target }) { continue }
      if !faults.contains(fault) { faults.append(fault) }
    }
    return faults
  }
}

extension InjectedFault {
  /// Whether the fault changes the rows of a list page.
  var changesRows: Bool {
    switch self {
    case .listDroppedPage, .listTruncatedPage, .listRepeatedPage: true
    default: false
    }
  }

  /// Whether the fault changes `X-Total-Count`.
  var changesTotal: Bool {
    switch self {
    case .totalTooHigh, .totalTooLow, .totalChanges, .totalMissing: true
    default: false
    }
  }

  /// The version a DELETE fault is about.
  var deleteTarget: String? {
    switch self {
    case .deleteServerError(let version), .deleteBadGateway(let version), .deleteNotFoundStillListed(let version),
      .deleteAlreadyGone(let version), .deleteNoAnswer(let version), .deleteUnavailableOnce(let version),
      .deleteAnswerLost(let version):
      version
    default: nil
    }
  }
}

/// Random `created_at` values that keep clear of the policy's boundaries
/// (where "younger than" would hinge on a single second), written in random
/// zones.
struct DateSource {
  let keepDays: Int
  let graceSeconds: Int
  /// Whether times carry a fraction (`.125`); then every row has one.
  let fractions: Bool

  func date(_ random: inout SplitMix64) -> Date {
    let now = RandomScenario.now
    let roll = Double.random(in: 0..<1, using: &random)
    var age: Double
    if roll < 0.03 {
      // Before 2000: a broken clock.
      return Date(timeIntervalSince1970: Double(Int.random(in: 631_152_000...946_684_000, using: &random)))
    } else if roll < 0.06 {
      age = -Double(Int.random(in: 400...259_200, using: &random))  // implausibly far ahead
    } else if roll < 0.10 {
      age = -Double(Int.random(in: 1...250, using: &random))  // clock skew
    } else if roll < 0.25 {
      age = Double(Int.random(in: 0...(3 * 86_400), using: &random))
    } else {
      age = Double(Int.random(in: 0...(420 * 86_400), using: &random))
    }
    for boundary in [Double(keepDays) * 86_400, Double(graceSeconds)] where abs(age - boundary) < 3 {
      age = boundary + 7
    }
    let fraction = fractions ? Double(Int.random(in: 0...7, using: &random)) / 8 : 0
    return now.addingTimeInterval(-age + fraction)
  }

  func text(_ date: Date, _ random: inout SplitMix64) -> String {
    GCFixtures.rfc3339(date, offsetMinutes: random.pick(RandomScenario.zoneOffsets), fractionDigits: fractions ? 3 : 0)
  }

  func row(_ name: String, id: Int64, package: String, _ random: inout SplitMix64) -> ModelVersion {
    let created = date(&random)
    return ModelVersion(
      id: id, package: package, version: name, createdAt: created, createdAtText: text(created, &random))
  }
}
