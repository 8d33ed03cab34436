import Foundation

/// A header field as it came over the wire or will go back out.
public struct HeaderField: Sendable, Equatable {
  public var name: String
  public var value: String

  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

extension [HeaderField] {
  /// The first value of the field named `name`, ignoring case.
  public func value(named name: String) -> String? {
    let lowered = name.lowercased()
    return first { $0.name.lowercased() == lowered }?.value
  }
}

/// One HTTP request as the fake receives it, whether from a socket or
/// handed over in-process.
public struct ServerRequest: Sendable, Equatable {
  /// The method, as sent (`GET`, `DELETE`, ...).
  public var method: String
  /// The request target exactly as sent: the raw path with any query, still
  /// percent-encoded (`/api/v1/packages/o?type=container&q=x`).
  public var target: String
  public var headers: [HeaderField]
  public var body: Data

  public init(method: String, target: String, headers: [HeaderField] = [], body: Data = Data()) {
    self.method = method
    self.target = target
    self.headers = headers
    self.body = body
  }

  /// The raw, still-encoded path: the target up to `?`.
  public var rawPath: String {
    if let mark = target.firstIndex(of: "?") { String(target[..<mark]) } else { target }
  }

  /// The raw query after `?`, or `""`.
  public var rawQuery: String {
    if let mark = target.firstIndex(of: "?") { String(target[target.index(after: mark)...]) } else { "" }
  }

  /// The query's items in order, each name and value percent-decoded
  /// (`+` read as a space, as Go's `url.ParseQuery` does).
  public var queryItems: [(name: String, value: String)] {
    rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = Self.formDecode(String(parts[0]))
      let value = parts.count > 1 ? Self.formDecode(String(parts[1])) : ""
      return (name, value)
    }
  }

  /// The first value of query parameter `name`, as Go's `FormValue` gives it.
  public func queryValue(_ name: String) -> String? {
    queryItems.first { $0.name == name }?.value
  }

  public func header(_ name: String) -> String? { headers.value(named: name) }

  private static func formDecode(_ text: String) -> String {
    let spaced = text.replacingOccurrences(of: "+", with: " ")
    return spaced.removingPercentEncoding ?? spaced
  }
}
