import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One HTTP request, as the GC sends it.
public struct HTTPRequest: Sendable, Equatable {
  public var method: String
  public var url: URL
  public var headers: HTTPHeaders
  public var body: Data

  public init(method: String, url: URL, headers: HTTPHeaders = [:], body: Data = Data()) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
  }
}

/// One HTTP response, whatever its status. Only a failure to get an answer at
/// all is an error; a 404 or a 500 is a response like any other.
public struct HTTPResponse: Sendable, Equatable {
  public var status: Int
  public var headers: HTTPHeaders
  public var body: Data

  public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// The body as UTF-8 text, with invalid bytes replaced.
  public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Sends HTTP requests. The GC talks to Gitea only through this protocol, so
/// it runs the same over URLSession in production and in-process in tests.
///
/// Implementations throw ``TransportError`` when no response could be had.
public protocol HTTPTransport: Sendable {
  func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse

  /// The most requests this transport has at a server at once, queueing
  /// the rest on its side; nil when it sends every request at once.
  var connectionLimit: Int? { get }
}

extension HTTPTransport {
  public var connectionLimit: Int? { nil }
}

/// A failure to get any HTTP response: the connection, not the server's answer.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: String, Sendable, Equatable {
    /// No byte arrived within the idle timeout, or the overall deadline passed.
    case timedOut
    /// The connection was reset or closed before a whole response arrived.
    case connectionLost
    /// Nothing listens at the address, or it cannot be resolved.
    case cannotConnect
    /// The server sent something that is not HTTP.
    case malformedResponse
    /// The server asked for credentials in a way the client cannot answer
    /// (a 401 carrying `WWW-Authenticate`, which hangs URLSession 6.3.1).
    case authenticationChallenge
    /// The task was cancelled.
    case cancelled
    /// Anything else the platform reported.
    case other
  }

  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  /// Whether sending the same request again may succeed.
  public var isTransient: Bool {
    switch kind {
    case .timedOut, .connectionLost, .malformedResponse: true
    case .cannotConnect, .authenticationChallenge, .cancelled, .other: false
    }
  }

  public var description: String { message }
}
