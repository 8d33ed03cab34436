/// A fault injected on some of the requests that match a pattern.
///
/// The rule counts its matching requests from 1; it fires on call `nth` and
/// on the `times - 1` matching calls after it (`times == nil`: every one from
/// `nth` on). When several rules fire on one request, the first listed wins;
/// every matching rule still counts the request.
public struct FaultRule: Sendable, Equatable {
  /// Shown in the journal; defaults to the rule's position.
  public var name: String?
  public var pattern: RequestPattern
  public var nth: Int
  public var times: Int?
  public var action: FaultAction

  public init(
    name: String? = nil,
    method: String? = nil,
    path: String = "/**",
    query: [String: String] = [:],
    nth: Int = 1,
    times: Int? = nil,
    action: FaultAction
  ) {
    self.name = name
    self.pattern = RequestPattern(method: method, path: path, query: query)
    self.nth = nth
    self.times = times
    self.action = action
  }

  /// Whether the rule fires on its `count`-th matching call.
  func fires(onMatch count: Int) -> Bool {
    guard count >= nth else { return false }
    guard let times else { return true }
    return count < nth + times
  }
}
