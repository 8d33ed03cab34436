import Glibc

/// Why a ``LoopbackHTTPServer`` could not start.
public struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The broad kind of failure, for code that wants to react to it.
  public enum Kind: String, Sendable, Equatable {
    /// `start()` was called on a server that is running.
    case alreadyStarted
    /// `start()` was called after `stop()`; a server runs at most once.
    case alreadyStopped
    /// The port is taken (or not allowed) on 127.0.0.1.
    case portUnavailable
    /// The operating system refused a socket, pipe or listen call.
    case systemCallFailed
  }

  public let kind: Kind
  /// The `errno` behind the failure, when there was one.
  public let errorNumber: Int32?
  /// What went wrong and what to do about it.
  public let message: String

  init(_ kind: Kind, errorNumber: Int32? = nil, _ message: String) {
    self.kind = kind
    self.errorNumber = errorNumber
    self.message = message
  }

  public var description: String {
    guard let errorNumber else { return message }
    return "\(message) (\(String(cString: strerror(errorNumber))), errno \(errorNumber))"
  }

  static let alreadyStarted = ServerError(.alreadyStarted, "the server is already running; call stop() first")
  static let alreadyStopped = ServerError(
    .alreadyStopped, "the server was stopped and cannot be restarted; create a new LoopbackHTTPServer")

  static func portUnavailable(_ port: UInt16, errorNumber: Int32) -> ServerError {
    ServerError(
      .portUnavailable, errorNumber: errorNumber,
      "cannot bind 127.0.0.1:\(port); the port is in use or not allowed. Pass port 0 to let the kernel pick a free one")
  }

  static func systemCallFailed(_ call: String, errorNumber: Int32) -> ServerError {
    ServerError(.systemCallFailed, errorNumber: errorNumber, "\(call) failed while starting the loopback server")
  }
}
