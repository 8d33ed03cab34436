import Foundation

/// One scenario file: a Gitea to set up, steps to run against it, and what
/// must be true afterwards. docs/scenarios.md documents every key.
public struct Scenario: Sendable {
  /// Where the scenario came from, as given to the loader (relative paths stay relative).
  public var file: String
  public var name: String
  public var description: String
  public var tags: [String]
  /// The fixed clock of the fake and the GC; `nil` is the wall clock at load.
  public var now: Date
  public var nowIsFixed: Bool
  /// The profiles this scenario holds for; empty means "the server's profile only".
  public var profiles: [String]
  public var server: ServerSetup
  public var steps: [Step]
  public var expect: Expectations
}

/// The fake Gitea's starting state and behaviour.
public struct ServerSetup: Sendable {
  public var profile: String?
  public var timeZoneOffsetSeconds: Int
  public var blockUserAgents: [String]
  public var users: [User]
  public var tokens: [Token]
  public var packages: [Package]
  public var faults: [Fault]
  public var events: [Event]

  public struct User: Sendable {
    public var login: String
    public var admin: Bool
    public var visibility: String
    public var organization: Bool
  }

  public struct Token: Sendable {
    public var token: String
    public var user: String
    public var scopes: [String]
  }

  public struct Package: Sendable {
    public var owner: String
    public var type: String
    public var name: String
    public var versions: [Version]
  }

  public struct Version: Sendable {
    public var version: String
    public var created: Date
    public var children: [String]
  }

  /// A request pattern: method, path glob and query items, all optional.
  public struct RequestMatch: Sendable {
    public var method: String?
    public var path: String?
    public var query: [String: String]
  }

  public struct Fault: Sendable {
    public var match: RequestMatch
    /// The first matching call (1-based) the fault fires on.
    public var nth: Int
    /// How many matching calls it fires on from there; `nil` is every one.
    public var times: Int?
    public var action: Action

    public enum Action: Sendable {
      case respond(status: Int, headers: [String: String], body: String)
      case delay(milliseconds: Int)
      case disrupt(String)
      case malformedJSON
    }
  }

  public struct Event: Sendable {
    /// Fires after this many requests (matching `match`, when given) were answered.
    public var afterRequest: Int
    public var match: RequestMatch?
    public var action: Action

    public enum Action: Sendable {
      case push(owner: String, name: String, version: String, children: [String])
      case delete(owner: String, name: String, version: String)
    }
  }
}

/// One thing a scenario does, with what must hold right after it.
public struct Step: Sendable {
  public var action: Action
  public var expect: StepExpectations

  public enum Action: Sendable {
    /// Runs the Swift GC module in-process, as `registry-gc` would run.
    case gc(GCStep)
    /// Runs any program against the fake on loopback.
    case command(CommandStep)
    /// Sends one raw HTTP request to the fake.
    case http(HTTPStep)
  }
}

public struct GCStep: Sendable {
  public var owner: String
  public var packages: [String]
  public var keepDays: Int?
  public var keepLatest: Int?
  public var keep: [String]?
  public var dryRun: Bool
  public var token: String?
  public var userAgent: String?
  public var digestGrace: String?
  public var concurrency: Int?
  public var attempts: Int?
  public var references: Bool
  public var json: Bool
  /// Extra command-line arguments, appended as given.
  public var arguments: [String]
}

public struct CommandStep: Sendable {
  public var argv: [String]
  public var env: [String: String]
  public var token: String?
  public var timeoutSeconds: Int
}

public struct HTTPStep: Sendable {
  public var method: String
  /// The raw request target, path and query, sent as written.
  public var path: String
  public var headers: [String: String]
  public var body: String
}

/// What must hold right after one step.
public struct StepExpectations: Sendable {
  public var exitCode: Int?
  public var status: Int?
  public var headers: [String: String]
  /// A JSON value the response body must contain (objects: these keys with
  /// these values, recursively; arrays: element by element).
  public var json: JSONNode?
  public var bodyContains: [String]
  public var outputContains: [String]
  public var outputNotContains: [String]
  /// Version → `keep`/`delete`, or → rule name (`keep-latest`, `expired`, ...).
  public var plan: [String: String]
  public var deleted: [String: [String]]?

  public static let none = StepExpectations(
    exitCode: nil, status: nil, headers: [:], json: nil, bodyContains: [], outputContains: [], outputNotContains: [],
    plan: [:], deleted: nil)
}

/// What must hold when every step has run.
public struct Expectations: Sendable {
  public var exitCode: Int?
  /// `owner/name` → the versions left, as a set.
  public var remaining: [String: [String]]
  /// `owner/name` → the versions deleted during the scenario, as a set.
  public var deleted: [String: [String]]
  /// Requests that must appear in this order in the journal (others may come between).
  public var requests: [ExpectedRequest]
  /// Requests that must not appear at all.
  public var neverRequested: [ExpectedRequest]
  public var outputContains: [String]
  public var outputNotContains: [String]
  public var plan: [String: String]

  public struct ExpectedRequest: Sendable, CustomStringConvertible {
    public var method: String?
    /// A path; with a `?` it must match the query exactly, without it any query matches.
    /// `*` matches within a segment.
    public var path: String
    public var status: Int?

    public var description: String {
      [method, path, status.map(String.init)].compactMap { $0 }.joined(separator: " ")
    }
  }
}
