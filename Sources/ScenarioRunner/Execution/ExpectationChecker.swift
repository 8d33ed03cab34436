import FakeGitea
import Foundation
import RegistryGC

/// Compares what happened with what a scenario expects, recording each
/// difference as one readable line: expected, then actual.
enum ExpectationChecker {
  /// Checks what must hold right after one step.
  static func check(_ expect: StepExpectations, context: inout RunContext, gitea: InMemoryGitea, label: String) {
    if let code = expect.exitCode { checkExitCode(code, context: &context, label: label) }
    if let status = expect.status {
      if let response = context.lastResponse {
        if response.status != status {
          context.failures.append("\(label)status: expected \(status), got \(response.status)")
        }
      } else {
        context.failures.append("\(label)status: expected \(status), but no HTTP response was received")
      }
    }
    if let response = context.lastResponse {
      for (name, value) in expect.headers.sorted(by: { $0.key < $1.key }) {
        let actual = response.headers[name]
        if actual != value {
          context.failures.append("\(label)header \(name): expected \"\(value)\", got \(actual.map { "\"\($0)\"" } ?? "none")")
        }
      }
      for text in expect.bodyContains where !response.text.contains(text) {
        context.failures.append("\(label)body: expected to contain \"\(text)\", got \"\(preview(response.text))\"")
      }
      if let json = expect.json {
        switch Result(catching: { () throws(Diagnostic) in try JSONParser.parse(response.body) }) {
        case .success(let actual):
          if let difference = JSONSubset.difference(expected: json, actual: actual) {
            context.failures.append("\(label)body JSON: \(difference)")
          }
        case .failure:
          context.failures.append("\(label)body JSON: expected JSON, got \"\(preview(response.text))\"")
        }
      }
    }
    checkOutput(expect.outputContains, expect.outputNotContains, in: context.lastStepOutput, context: &context, label: label)
    checkPlan(expect.plan, context: &context, label: label)
    if let deleted = expect.deleted { checkDeleted(deleted, context: &context, gitea: gitea, label: label) }
  }

  /// Checks what must hold when every step has run.
  static func check(_ expect: Expectations, context: inout RunContext, gitea: InMemoryGitea) {
    if let code = expect.exitCode { checkExitCode(code, context: &context, label: "") }
    for key in expect.remaining.keys.sorted() {
      let (owner, name) = split(key)
      let actual = Set(gitea.versions(owner: owner, name: name))
      compareSets("remaining \(key)", expected: Set(expect.remaining[key]!), actual: actual, context: &context)
    }
    checkDeleted(expect.deleted, context: &context, gitea: gitea, label: "")
    checkRequests(expect.requests, journal: gitea.journal, context: &context)
    for forbidden in expect.neverRequested {
      if let entry = gitea.journal.first(where: { matches(forbidden, $0) }) {
        context.failures.append("request \(forbidden) must never be sent, but was: \(entry.method) \(entry.target) → \(entry.status)")
      }
    }
    checkOutput(expect.outputContains, expect.outputNotContains, in: context.output, context: &context, label: "")
    checkPlan(expect.plan, context: &context, label: "")
  }

  // MARK: Pieces

  static func checkExitCode(_ expected: Int, context: inout RunContext, label: String) {
    guard let actual = context.lastExitCode else {
      context.failures.append("\(label)exit code: expected \(expected), but no GC ran to completion")
      return
    }
    if Int(actual) != expected {
      let hint = context.lastStepOutput.split(separator: "\n").first { $0.hasPrefix("error:") }.map { " (\($0))" } ?? ""
      context.failures.append("\(label)exit code: expected \(expected), got \(actual)\(hint)")
    }
  }

  static func checkOutput(
    _ contains: [String], _ notContains: [String], in text: String, context: inout RunContext, label: String
  ) {
    for needle in contains where !text.contains(needle) {
      context.failures.append("\(label)output: expected to contain \"\(needle)\"")
    }
    for needle in notContains where text.contains(needle) {
      let line = text.split(separator: "\n").first { $0.contains(needle) } ?? ""
      context.failures.append("\(label)output: must not contain \"\(needle)\", but has: \(line)")
    }
  }

  static func checkPlan(_ plan: [String: String], context: inout RunContext, label: String) {
    guard !plan.isEmpty else { return }
    guard let report = context.lastReport else {
      if context.notes.allSatisfy({ !$0.contains("plan expectations") }) {
        context.failures.append("\(label)plan: expected a plan, but the last step made none")
      }
      return
    }
    let versions = Dictionary(
      report.packages.flatMap(\.versions).map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
    for version in plan.keys.sorted() {
      let expected = plan[version]!
      guard let actual = versions[version] else {
        context.failures.append("\(label)plan \(version): expected \(expected), but the plan has no such version")
        continue
      }
      let matches = expected == "keep" || expected == "delete" ? actual.decision == expected : actual.rule == expected
      if !matches {
        context.failures.append("\(label)plan \(version): expected \(expected), got \(actual.decision) (\(actual.rule): \(actual.reason))")
      }
    }
  }

  static func checkDeleted(_ deleted: [String: [String]], context: inout RunContext, gitea: InMemoryGitea, label: String) {
    for key in deleted.keys.sorted() {
      let (owner, name) = split(key)
      let seeded = Set(
        context.scenario.server.packages.filter {
          $0.owner.lowercased() == owner.lowercased() && $0.name.lowercased() == name.lowercased()
        }.flatMap { $0.versions.map { $0.version.lowercased() } })
      let actual = seeded.subtracting(gitea.versions(owner: owner, name: name).map { $0.lowercased() })
      compareSets("\(label)deleted \(key)", expected: Set(deleted[key]!.map { $0.lowercased() }), actual: actual, context: &context)
    }
  }

  static func checkRequests(_ expected: [Expectations.ExpectedRequest], journal: [JournalEntry], context: inout RunContext) {
    var position = 0
    for request in expected {
      if let found = journal[position...].firstIndex(where: { matches(request, $0) }) {
        position = found + 1
        continue
      }
      let wrongStatus = journal[position...].first { entry in
        var loose = request
        loose.status = nil
        return matches(loose, entry)
      }
      var message = "request \(request): expected in the journal"
      message += position > 0 ? " after request #\(position)" : ""
      if let wrongStatus {
        message += ", but it was answered \(wrongStatus.status)"
      } else {
        message += ", but it was never sent (\(journal.count) requests in all)"
      }
      context.failures.append(message)
      return
    }
  }

  static func matches(_ expected: Expectations.ExpectedRequest, _ entry: JournalEntry) -> Bool {
    if let method = expected.method, method != entry.method.uppercased() { return false }
    if let status = expected.status, status != entry.status { return false }
    let target = entry.target
    if expected.path.contains("?") {
      return PathPattern.matches(expected.path, target)
    }
    let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? target
    return PathPattern.matches(expected.path, path)
  }

  static func compareSets(_ what: String, expected: Set<String>, actual: Set<String>, context: inout RunContext) {
    guard expected != actual else { return }
    let missing = expected.subtracting(actual).sorted()
    let extra = actual.subtracting(expected).sorted()
    var parts: [String] = []
    if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
    if !extra.isEmpty { parts.append("unexpected \(extra.joined(separator: ", "))") }
    context.failures.append(
      "\(what): expected [\(expected.sorted().joined(separator: ", "))], got [\(actual.sorted().joined(separator: ", "))] (\(parts.joined(separator: "; ")))"
    )
  }

  static func split(_ key: String) -> (String, String) {
    let slash = key.firstIndex(of: "/")!
    return (String(key[..<slash]), String(key[key.index(after: slash)...]))
  }

  static func preview(_ text: String) -> String {
    let flat = text.replacingOccurrences(of: "\n", with: "\\n")
    return flat.count > 120 ? String(flat.prefix(120)) + "…" : flat
  }
}

/// Request paths in expectations: literal, except that `*` matches any run
/// of characters within one path segment and `**` any run at all.
enum PathPattern {
  static func matches(_ pattern: String, _ text: String) -> Bool {
    guard pattern.contains("*") else { return pattern == text }
    return match(Array(pattern.utf8)[...], Array(text.utf8)[...])
  }

  private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
    guard let first = pattern.first else { return text.isEmpty }
    if first == UInt8(ascii: "*") {
      let crossesSlash = pattern.dropFirst().first == UInt8(ascii: "*")
      let rest = pattern.dropFirst(crossesSlash ? 2 : 1)
      var candidate = text
      while true {
        if match(rest, candidate) { return true }
        guard let next = candidate.first, crossesSlash || next != UInt8(ascii: "/") else { return false }
        candidate = candidate.dropFirst()
      }
    }
    guard let next = text.first, next == first else { return false }
    return match(pattern.dropFirst(), text.dropFirst())
  }
}

/// "Does the actual JSON contain the expected JSON?": objects need the
/// expected keys with matching values; arrays must match element by element.
enum JSONSubset {
  static func difference(expected: JSONNode, actual: JSONNode, path: String = "$") -> String? {
    switch (expected.value, actual.value) {
    case (.object(let want), .object(let have)):
      for member in want.members {
        guard let value = have[member.key] else { return "\(path).\(member.key): expected a value, key missing" }
        if let difference = difference(expected: member.value, actual: value, path: "\(path).\(member.key)") {
          return difference
        }
      }
      return nil
    case (.array(let want), .array(let have)):
      guard want.count == have.count else { return "\(path): expected \(want.count) elements, got \(have.count)" }
      for (index, pair) in zip(want, have).enumerated() {
        if let difference = difference(expected: pair.0, actual: pair.1, path: "\(path)[\(index)]") { return difference }
      }
      return nil
    case (.number(let want), .number(let have)):
      return want.double == have.double ? nil : "\(path): expected \(want.text), got \(have.text)"
    case (.string(let want), .string(let have)):
      return want == have ? nil : "\(path): expected \"\(want)\", got \"\(have)\""
    case (.bool(let want), .bool(let have)):
      return want == have ? nil : "\(path): expected \(want), got \(have)"
    case (.null, .null):
      return nil
    default:
      return "\(path): expected \(expected.value.kindDescription), got \(actual.value.kindDescription)"
    }
  }
}
