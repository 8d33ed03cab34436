/// A JSON object: members in the order they were written, with lookup by key.
///
/// Parsed objects never hold two members with the same key (the parser rejects
/// duplicates).
public struct JSONObject: Sendable {
  /// One `"key": value` pair.
  public struct Member: Sendable {
    /// The key, escapes resolved.
    public let key: String
    /// Where the key's opening quote is.
    public let keyLocation: SourceLocation
    /// The value.
    public let value: JSONNode

    /// Creates a member.
    public init(key: String, keyLocation: SourceLocation, value: JSONNode) {
      self.key = key
      self.keyLocation = keyLocation
      self.value = value
    }
  }

  /// Objects with more members than this get a hash index; smaller ones are searched in order.
  static let indexThreshold = 8

  /// The members in document order.
  public let members: [Member]
  private let index: [String: Int]?

  /// Creates an object. If `members` repeats a key, lookups find the first one.
  public init(members: [Member]) {
    var index: [String: Int]?
    if members.count > Self.indexThreshold {
      var built = [String: Int](minimumCapacity: members.count)
      for (position, member) in members.enumerated() where built[member.key] == nil {
        built[member.key] = position
      }
      index = built
    }
    self.init(members: members, index: index)
  }

  /// Creates an object with an index the caller already built (the parser does, to find duplicates).
  init(members: [Member], index: [String: Int]?) {
    self.members = members
    self.index = index
  }

  /// The member named `key`, if any.
  public func member(_ key: String) -> Member? {
    if let index {
      return index[key].map { members[$0] }
    }
    return members.first { $0.key == key }
  }

  /// The value of the member named `key`, if any.
  public subscript(key: String) -> JSONNode? {
    member(key)?.value
  }

  /// The keys in document order.
  public var keys: [String] { members.map(\.key) }

  /// The number of members.
  public var count: Int { members.count }

  /// Whether the object has no members.
  public var isEmpty: Bool { members.isEmpty }
}
