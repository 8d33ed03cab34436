/// Reads one JSON object strictly: every key must be asked for, declared, or it is an error.
///
///     let reader = try ObjectReader(node, what: "package")
///     let name: String = try reader.required("name")
///     let tags = try reader.optional("tags", as: [String].self) ?? []
///     try reader.rejectUnknownKeys()   // "unknown key 'tgas' in package; did you mean 'tags'?"
///
/// `what` is a bare noun used in messages ("missing required key 'name' in package").
///
/// Copies of a reader share the record of which keys were asked for, so a copy
/// passed to a helper that reads some keys marks them as known on the original
/// too. That record is a small class, which is why `ObjectReader` is not `Sendable`;
/// use a reader on one task and let it go.
public struct ObjectReader {
  /// The object's node.
  public let node: JSONNode
  /// The object.
  public let object: JSONObject
  /// The noun naming the object in messages, such as "package".
  public let what: String
  private let knownKeys = KnownKeys()

  /// Starts reading `node`, which must be an object.
  public init(_ node: JSONNode, what: String) throws(Diagnostic) {
    guard case .object(let object) = node.value else {
      throw node.error("expected \(what) to be an object, found \(node.value.kindDescription)")
    }
    self.node = node
    self.object = object
    self.what = what
  }

  /// The object's path.
  public var path: JSONPath { node.path }

  /// Reads the value of `key`, which must be present.
  ///
  /// A missing key is reported at the object itself; a value of the wrong type
  /// at the value. An explicit `null` counts as present and is handed to `T`,
  /// which rejects it unless `T` is `JSONNode`.
  public func required<T: JSONReadable>(_ key: String, as type: T.Type = T.self) throws(Diagnostic) -> T {
    try T(json: requiredNode(key))
  }

  /// Reads the value of `key` with `read`, which must be present.
  public func required<T>(_ key: String, _ read: (JSONNode) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
    try read(requiredNode(key))
  }

  /// Reads the value of `key` if it is present and not `null`.
  public func optional<T: JSONReadable>(_ key: String, as type: T.Type = T.self) throws(Diagnostic) -> T? {
    guard let value = optionalNode(key) else { return nil }
    return try T(json: value)
  }

  /// Reads the value of `key` if it is present and not `null`, otherwise returns `defaultValue`.
  public func optional<T: JSONReadable>(_ key: String, default defaultValue: @autoclosure () -> T) throws(Diagnostic)
    -> T
  {
    guard let value = optionalNode(key) else { return defaultValue() }
    return try T(json: value)
  }

  /// Reads the value of `key` with `read` if it is present and not `null`.
  public func optional<T>(_ key: String, _ read: (JSONNode) throws(Diagnostic) -> T) throws(Diagnostic) -> T? {
    guard let value = optionalNode(key) else { return nil }
    return try read(value)
  }

  /// A reader for the object under `key`, which must be present; `what` names it in messages.
  public func requiredObject(_ key: String, what: String) throws(Diagnostic) -> ObjectReader {
    try ObjectReader(requiredNode(key), what: what)
  }

  /// A reader for the object under `key` if it is present and not `null`.
  public func optionalObject(_ key: String, what: String) throws(Diagnostic) -> ObjectReader? {
    guard let value = optionalNode(key) else { return nil }
    return try ObjectReader(value, what: what)
  }

  /// The raw node under `key` (including an explicit `null`), marking the key as known.
  public func node(_ key: String) -> JSONNode? {
    knownKeys.insert(key)
    return object[key]
  }

  /// Where `key` is written, if present; does not mark the key as known.
  public func keyLocation(_ key: String) -> SourceLocation? {
    object.member(key)?.keyLocation
  }

  /// Marks keys as known without reading them.
  public func declare(_ keys: String...) {
    for key in keys { knownKeys.insert(key) }
  }

  /// Throws for the first key, in document order, that was never asked for or
  /// declared. The error points at the key and suggests the closest known key
  /// when one is near enough to be a typo; otherwise it lists the known keys.
  public func rejectUnknownKeys() throws(Diagnostic) {
    guard let unknown = object.members.first(where: { !knownKeys.contains($0.key) }) else { return }
    var message = "unknown key '\(unknown.key)' in \(what)"
    if let suggestion = SpellingSuggestion.bestMatch(for: unknown.key, among: knownKeys.inOrder) {
      message += "; did you mean '\(suggestion)'?"
    } else if knownKeys.inOrder.isEmpty {
      message += " (\(what) takes no keys)"
    } else if knownKeys.inOrder.count <= 12 {
      message += " (known keys: \(knownKeys.inOrder.map { "'\($0)'" }.joined(separator: ", ")))"
    }
    throw Diagnostic(location: unknown.keyLocation, path: path.appending(key: unknown.key), message: message)
  }

  private func requiredNode(_ key: String) throws(Diagnostic) -> JSONNode {
    knownKeys.insert(key)
    if let value = object[key] { return value }
    var message = "missing required key '\(key)' in \(what)"
    let unasked = object.keys.filter { !knownKeys.contains($0) }
    if let lookalike = SpellingSuggestion.bestMatch(for: key, among: unasked) {
      message += " (is '\(lookalike)' a misspelling of it?)"
    }
    throw node.error(message)
  }

  private func optionalNode(_ key: String) -> JSONNode? {
    knownKeys.insert(key)
    guard let value = object[key], !value.value.isNull else { return nil }
    return value
  }
}

/// The keys an `ObjectReader` has been asked about, in the order first asked.
private final class KnownKeys {
  private(set) var inOrder: [String] = []
  private var members: Set<String> = []

  func insert(_ key: String) {
    if members.insert(key).inserted { inOrder.append(key) }
  }

  func contains(_ key: String) -> Bool {
    members.contains(key)
  }
}
