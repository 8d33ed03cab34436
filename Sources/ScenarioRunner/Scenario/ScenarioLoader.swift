import Foundation
import RegistryGC

/// Reads scenario files strictly: unknown keys, wrong types, bad times and
/// bad digests are errors with the file, line, column and JSON path.
public enum ScenarioLoader {
  public static let supportedSchemaVersion = 1

  /// Loads the scenario at `path`; `displayPath` is how diagnostics name it.
  public static func load(path: String, displayPath: String? = nil, clock: Date = Date()) throws(Diagnostic) -> Scenario {
    let name = displayPath ?? path
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw Diagnostic(severity: .error, file: name, location: nil, path: nil, message: "cannot read the file: \(error.localizedDescription)")
    }
    return try parse(data, file: name, clock: clock)
  }

  /// Parses scenario text. `clock` is "now" when the scenario fixes none.
  public static func parse(_ data: Data, file: String, clock: Date = Date()) throws(Diagnostic) -> Scenario {
    do {
      let root = try JSONParser.parse(data)
      return try readScenario(root, file: file, clock: clock)
    } catch {
      throw error.inFile(file)
    }
  }

  // MARK: Scenario

  static func readScenario(_ root: JSONNode, file: String, clock: Date) throws(Diagnostic) -> Scenario {
    let reader = try ObjectReader(root, what: "scenario")
    let schema: Int = try reader.required("schemaVersion")
    guard schema == supportedSchemaVersion else {
      throw reader.node("schemaVersion")!.error(
        "schemaVersion \(schema) is not supported; this runner reads schemaVersion \(supportedSchemaVersion)")
    }
    let name: String = try reader.required("name")
    guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw reader.node("name")!.error("the name must not be empty")
    }
    var now = clock
    var fixed = false
    if let node = reader.node("now"), !node.value.isNull {
      now = try absoluteTime(node)
      fixed = true
    }
    let profiles = try reader.optional("profiles", as: [String].self) ?? []
    let server = try reader.optionalObject("server", what: "server").map { (s) throws(Diagnostic) in
      try readServer(s, now: now)
    } ?? ServerSetup(
      profile: nil, timeZoneOffsetSeconds: 0, blockUserAgents: [], users: [], tokens: [], packages: [], faults: [], events: [])

    var steps: [Step] = []
    switch (reader.node("run"), reader.node("steps")) {
    case (let run?, nil):
      steps = [try readStep(run, allowExpect: false)]
    case (nil, let list?):
      guard case .array(let items) = list.value else {
        throw list.error("expected steps to be an array, found \(list.value.kindDescription)")
      }
      guard !items.isEmpty else { throw list.error("steps must hold at least one step") }
      for item in items { steps.append(try readStep(item, allowExpect: true)) }
    case (_?, let list?):
      throw list.error("give either run (one step) or steps (a list), not both")
    case (nil, nil):
      break
    }
    let expect = try reader.optionalObject("expect", what: "expect").map { (e) throws(Diagnostic) in
      try readExpectations(e)
    } ?? Expectations(
      exitCode: nil, remaining: [:], deleted: [:], requests: [], neverRequested: [], outputContains: [],
      outputNotContains: [], plan: [:])
    if steps.isEmpty, expect.exitCode != nil {
      throw root.error("expect.exitCode needs a run or steps")
    }
    let scenario = Scenario(
      file: file, name: name, description: try reader.optional("description") ?? "",
      tags: try reader.optional("tags") ?? [], now: now, nowIsFixed: fixed, profiles: profiles, server: server,
      steps: steps, expect: expect)
    try reader.rejectUnknownKeys()
    return scenario
  }

  // MARK: Server

  static func readServer(_ reader: ObjectReader, now: Date) throws(Diagnostic) -> ServerSetup {
    var zone = 0
    if let node = reader.node("timezone") {
      zone = try timeZoneOffset(node)
    }
    let users = try reader.optional("users") { (node) throws(Diagnostic) -> [ServerSetup.User] in
      try array(node) { (item) throws(Diagnostic) -> ServerSetup.User in
        let user = try ObjectReader(item, what: "user")
        let visibility: String = try user.optional("visibility") ?? "public"
        guard ["public", "limited", "private"].contains(visibility) else {
          throw user.node("visibility")!.error("visibility must be public, limited or private, found \"\(visibility)\"")
        }
        let value = ServerSetup.User(
          login: try user.required("login"), admin: try user.optional("admin") ?? false, visibility: visibility,
          organization: try user.optional("organization") ?? false)
        try user.rejectUnknownKeys()
        return value
      }
    } ?? []
    let tokens = try reader.optional("tokens") { (node) throws(Diagnostic) -> [ServerSetup.Token] in
      try array(node) { (item) throws(Diagnostic) -> ServerSetup.Token in
        let token = try ObjectReader(item, what: "token")
        let value = ServerSetup.Token(
          token: try token.required("token"), user: try token.required("user"),
          scopes: try token.optional("scopes") ?? ["all"])
        try token.rejectUnknownKeys()
        return value
      }
    } ?? []
    let packages = try reader.optional("packages") { (node) throws(Diagnostic) in
      try array(node) { (item) throws(Diagnostic) in try readPackage(item, now: now) }
    } ?? []
    var seen: [String: JSONNode] = [:]
    if let list = reader.node("packages")?.value.arrayValue {
      for (index, package) in packages.enumerated() {
        let key = "\(package.owner.lowercased())/\(package.type)/\(package.name.lowercased())"
        if seen[key] != nil {
          throw list[index].error("package \(package.owner)/\(package.name) is listed twice")
        }
        seen[key] = list[index]
      }
    }
    let setup = ServerSetup(
      profile: try reader.optional("profile"), timeZoneOffsetSeconds: zone,
      blockUserAgents: try reader.optional("blockUserAgents") ?? [], users: users, tokens: tokens,
      packages: packages,
      faults: try reader.optional("faults") { (node) throws(Diagnostic) in try array(node, readFault) } ?? [],
      events: try reader.optional("events") { (node) throws(Diagnostic) in
        try array(node) { (item) throws(Diagnostic) in try readEvent(item, now: now) }
      } ?? [])
    try reader.rejectUnknownKeys()
    return setup
  }

  static func readPackage(_ node: JSONNode, now: Date) throws(Diagnostic) -> ServerSetup.Package {
    let reader = try ObjectReader(node, what: "package")
    let type: String = try reader.optional("type") ?? "container"
    let versions = try reader.required("versions") { (list) throws(Diagnostic) -> [ServerSetup.Version] in
      try array(list) { (item) throws(Diagnostic) -> ServerSetup.Version in
        let version = try ObjectReader(item, what: "version")
        let name: String = try version.required("version")
        guard !name.isEmpty else { throw version.node("version")!.error("a version name must not be empty") }
        let children = try version.optional("children") { (list) throws(Diagnostic) in
          try array(list, digest)
        } ?? []
        let value = ServerSetup.Version(
          version: name, created: try version.required("created") { (n) throws(Diagnostic) in try time(n, now: now) },
          children: children)
        try version.rejectUnknownKeys()
        return value
      }
    }
    var names: [String: Int] = [:]
    if let list = reader.node("versions")?.value.arrayValue {
      for (index, version) in versions.enumerated() {
        if let first = names[version.version.lowercased()] {
          throw list[index].error(
            "version \"\(version.version)\" is listed twice (first at line \(list[first].location.line)); Gitea keeps one row per tag")
        }
        names[version.version.lowercased()] = index
      }
    }
    let package = ServerSetup.Package(
      owner: try reader.required("owner"), type: type, name: try reader.required("name"), versions: versions)
    try reader.rejectUnknownKeys()
    return package
  }

  static func readMatch(_ node: JSONNode) throws(Diagnostic) -> ServerSetup.RequestMatch {
    let reader = try ObjectReader(node, what: "match")
    let match = ServerSetup.RequestMatch(
      method: try reader.optional("method").map { (m: String) in m.uppercased() }, path: try reader.optional("path"),
      query: try reader.optional("query") ?? [:])
    try reader.rejectUnknownKeys()
    return match
  }

  static let disruptions = ["reset", "closeWithoutResponse", "garbageThenClose", "truncatedBody", "stall"]

  static func readFault(_ node: JSONNode) throws(Diagnostic) -> ServerSetup.Fault {
    let reader = try ObjectReader(node, what: "fault")
    let match = try reader.optional("match", readMatch) ?? ServerSetup.RequestMatch(method: nil, path: nil, query: [:])
    let nth: Int = try reader.optional("nth") ?? 1
    guard nth >= 1 else { throw reader.node("nth")!.error("nth counts from 1") }
    let times: Int? = try reader.optional("times")
    if let times, times < 1 { throw reader.node("times")!.error("times must be at least 1; leave it out for every call") }

    var actions: [ServerSetup.Fault.Action] = []
    if let respond = try reader.optionalObject("respond", what: "respond") {
      let status: Int = try respond.required("status")
      guard (100...599).contains(status) else { throw respond.node("status")!.error("a status must be within 100...599") }
      var headers: [String: String] = try respond.optional("headers") ?? [:]
      var body: String = try respond.optional("body") ?? ""
      if let json = respond.node("json") {
        body = json.compactText
        headers["Content-Type"] = headers["Content-Type"] ?? "application/json;charset=utf-8"
      }
      if let retryAfter: Int = try respond.optional("retryAfter") { headers["Retry-After"] = String(retryAfter) }
      try respond.rejectUnknownKeys()
      actions.append(.respond(status: status, headers: headers, body: body))
    }
    if let delay: Int = try reader.optional("delayMs") {
      guard delay >= 0 else { throw reader.node("delayMs")!.error("delayMs must not be negative") }
      actions.append(.delay(milliseconds: delay))
    }
    if let disruption: String = try reader.optional("disrupt") {
      guard disruptions.contains(disruption) else {
        throw reader.node("disrupt")!.error(
          "disrupt must be one of \(disruptions.joined(separator: ", ")), found \"\(disruption)\"")
      }
      actions.append(.disrupt(disruption))
    }
    if try reader.optional("malformedJSON") ?? false { actions.append(.malformedJSON) }
    guard actions.count == 1 else {
      throw node.error("a fault needs exactly one of respond, delayMs, disrupt or malformedJSON (found \(actions.count))")
    }
    try reader.rejectUnknownKeys()
    return ServerSetup.Fault(match: match, nth: nth, times: times, action: actions[0])
  }

  static func readEvent(_ node: JSONNode, now: Date) throws(Diagnostic) -> ServerSetup.Event {
    let reader = try ObjectReader(node, what: "event")
    let after: Int = try reader.required("afterRequest")
    guard after >= 1 else { throw reader.node("afterRequest")!.error("afterRequest counts from 1") }
    var actions: [ServerSetup.Event.Action] = []
    if let push = try reader.optionalObject("push", what: "push") {
      actions.append(
        .push(
          owner: try push.required("owner"), name: try push.required("name"), version: try push.required("version"),
          children: try push.optional("children") { (list) throws(Diagnostic) in try array(list, digest) } ?? []))
      try push.rejectUnknownKeys()
    }
    if let delete = try reader.optionalObject("delete", what: "delete") {
      actions.append(
        .delete(owner: try delete.required("owner"), name: try delete.required("name"), version: try delete.required("version")))
      try delete.rejectUnknownKeys()
    }
    guard actions.count == 1 else { throw node.error("an event needs exactly one of push or delete") }
    let event = ServerSetup.Event(
      afterRequest: after, match: try reader.optional("match", readMatch), action: actions[0])
    try reader.rejectUnknownKeys()
    return event
  }

  // MARK: Steps

  static func readStep(_ node: JSONNode, allowExpect: Bool) throws(Diagnostic) -> Step {
    let reader = try ObjectReader(node, what: "step")
    var actions: [Step.Action] = []
    if let gc = try reader.optionalObject("gc", what: "gc") { actions.append(.gc(try readGC(gc))) }
    if let command = try reader.optionalObject("command", what: "command") {
      let argv: [String] = try command.required("argv")
      guard !argv.isEmpty else { throw command.node("argv")!.error("argv needs at least the program") }
      let timeout: Int = try command.optional("timeoutSeconds") ?? 60
      actions.append(
        .command(
          CommandStep(
            argv: argv, env: try command.optional("env") ?? [:], token: try command.optional("token"),
            timeoutSeconds: max(1, timeout))))
      try command.rejectUnknownKeys()
    }
    if let http = try reader.optionalObject("http", what: "http") {
      let path: String = try http.required("path")
      guard path.hasPrefix("/") else { throw http.node("path")!.error("path must start with /") }
      actions.append(
        .http(
          HTTPStep(
            method: (try http.optional("method") ?? "GET").uppercased(), path: path,
            headers: try http.optional("headers") ?? [:], body: try http.optional("body") ?? "")))
      try http.rejectUnknownKeys()
    }
    guard actions.count == 1 else {
      throw node.error("a step needs exactly one of gc, command or http (found \(actions.count))")
    }
    var expect = StepExpectations.none
    if let node = reader.node("expect") {
      guard allowExpect else {
        throw node.error("put a single run's expectations in the top-level expect")
      }
      expect = try readStepExpectations(try ObjectReader(node, what: "step expect"))
    }
    try reader.rejectUnknownKeys()
    return Step(action: actions[0], expect: expect)
  }

  static func readGC(_ reader: ObjectReader) throws(Diagnostic) -> GCStep {
    var packages: [String] = []
    if let node = reader.node("package") {
      if case .array = node.value { packages = try [String](json: node) } else { packages = [try String(json: node)] }
    }
    guard !packages.isEmpty else { throw reader.node.error("missing required key 'package' in gc") }
    let step = GCStep(
      owner: try reader.required("owner"), packages: packages, keepDays: try reader.optional("keepDays"),
      keepLatest: try reader.optional("keepLatest"), keep: try reader.optional("keep"),
      dryRun: try reader.optional("dryRun") ?? false, token: try reader.optional("token"),
      userAgent: try reader.optional("userAgent"), digestGrace: try reader.optional("digestGrace"),
      concurrency: try reader.optional("concurrency"), attempts: try reader.optional("attempts"),
      references: try reader.optional("references") ?? true, json: try reader.optional("json") ?? false,
      arguments: try reader.optional("arguments") ?? [])
    try reader.rejectUnknownKeys()
    return step
  }

  static func readStepExpectations(_ reader: ObjectReader) throws(Diagnostic) -> StepExpectations {
    let output = try reader.optionalObject("output", what: "output")
    let expectations = StepExpectations(
      exitCode: try reader.optional("exitCode"), status: try reader.optional("status"),
      headers: try reader.optional("headers") ?? [:], json: reader.node("json"),
      bodyContains: try stringOrList(reader.node("bodyContains")),
      outputContains: try stringOrList(output?.node("contains")),
      outputNotContains: try stringOrList(output?.node("notContains")),
      plan: try reader.optional("plan") ?? [:],
      deleted: try reader.optional("deleted"))
    try output?.rejectUnknownKeys()
    try reader.rejectUnknownKeys()
    return expectations
  }

  static func readExpectations(_ reader: ObjectReader) throws(Diagnostic) -> Expectations {
    func requests(_ key: String) throws(Diagnostic) -> [Expectations.ExpectedRequest] {
      try reader.optional(key) { (list) throws(Diagnostic) -> [Expectations.ExpectedRequest] in
        try array(list) { (item) throws(Diagnostic) -> Expectations.ExpectedRequest in
          let request = try ObjectReader(item, what: "request")
          let value = Expectations.ExpectedRequest(
            method: try request.optional("method").map { (m: String) in m.uppercased() },
            path: try request.required("path"), status: try request.optional("status"))
          try request.rejectUnknownKeys()
          return value
        }
      } ?? []
    }
    let output = try reader.optionalObject("output", what: "output")
    let expectations = Expectations(
      exitCode: try reader.optional("exitCode"), remaining: try reader.optional("remaining") ?? [:],
      deleted: try reader.optional("deleted") ?? [:], requests: try requests("requests"),
      neverRequested: try requests("neverRequested"),
      outputContains: try stringOrList(output?.node("contains")),
      outputNotContains: try stringOrList(output?.node("notContains")),
      plan: try reader.optional("plan") ?? [:])
    try output?.rejectUnknownKeys()
    for key in ["remaining", "deleted"] {
      guard let node = reader.node(key), case .object(let object) = node.value else { continue }
      for member in object.members where member.key.split(separator: "/").count < 2 {
        throw member.value.error("\(key) is keyed by \"owner/name\", found \"\(member.key)\"")
      }
    }
    try reader.rejectUnknownKeys()
    return expectations
  }

  // MARK: Values

  static func array<T>(_ node: JSONNode, _ read: (JSONNode) throws(Diagnostic) -> T) throws(Diagnostic) -> [T] {
    guard case .array(let items) = node.value else {
      throw node.error("expected an array, found \(node.value.kindDescription)")
    }
    var result: [T] = []
    result.reserveCapacity(items.count)
    for item in items { result.append(try read(item)) }
    return result
  }

  static func stringOrList(_ node: JSONNode?) throws(Diagnostic) -> [String] {
    guard let node else { return [] }
    if case .string(let text) = node.value { return [text] }
    return try [String](json: node)
  }

  static func digest(_ node: JSONNode) throws(Diagnostic) -> String {
    let text = try String(json: node)
    guard Digest.isValid(text) else {
      throw node.error("expected a digest (\"sha256:\" and 64 lower-case hex digits), found \"\(text)\"")
    }
    return text
  }

  static func absoluteTime(_ node: JSONNode) throws(Diagnostic) -> Date {
    let text = try String(json: node)
    guard let date = Timestamp.parse(text) else {
      throw node.error("expected an RFC 3339 time such as \"2026-06-01T00:00:00Z\", found \"\(text)\"")
    }
    return date
  }

  /// An RFC 3339 time, or one relative to `now`: `-40d`, `-3h`, `-90m`, `-30s`, `+1d`.
  static func time(_ node: JSONNode, now: Date) throws(Diagnostic) -> Date {
    let text = try String(json: node)
    if let date = Timestamp.parse(text) { return date }
    if let sign = text.first, sign == "-" || sign == "+", let unit = text.last,
      let amount = Double(text.dropFirst().dropLast()), amount >= 0
    {
      let seconds: Double? =
        switch unit {
        case "d": amount * 86_400
        case "h": amount * 3600
        case "m": amount * 60
        case "s": amount
        default: nil
        }
      if let seconds { return now.addingTimeInterval(sign == "-" ? -seconds : seconds) }
    }
    throw node.error(
      "expected an RFC 3339 time or a time relative to now such as \"-40d\", \"-3h\", \"-90m\", found \"\(text)\"")
  }

  /// `Z`, `UTC`, `+02:00`, `-04:00`.
  static func timeZoneOffset(_ node: JSONNode) throws(Diagnostic) -> Int {
    let text = try String(json: node)
    if text == "Z" || text == "UTC" { return 0 }
    let parts = text.dropFirst().split(separator: ":")
    if let sign = text.first, sign == "+" || sign == "-", parts.count == 2, let hours = Int(parts[0]),
      let minutes = Int(parts[1]), parts[0].count == 2, parts[1].count == 2, hours < 24, minutes < 60
    {
      return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
    throw node.error("expected a zone such as \"Z\", \"+02:00\" or \"-04:00\", found \"\(text)\"")
  }
}

extension JSONNode {
  /// The value as compact JSON text.
  var compactText: String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let number): return number.text
    case .string(let text): return JSONStringLiteral.quoted(text)
    case .array(let items): return "[" + items.map(\.compactText).joined(separator: ",") + "]"
    case .object(let object):
      return "{" + object.members.map { JSONStringLiteral.quoted($0.key) + ":" + $0.value.compactText }.joined(separator: ",") + "}"
    }
  }

}
