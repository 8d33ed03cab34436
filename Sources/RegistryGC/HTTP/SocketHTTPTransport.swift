import Foundation
import Synchronization

/// An ``HTTPTransport`` for plain `http://` servers, written directly on
/// POSIX sockets: much cheaper per request than URLSession on Linux, whose
/// dispatch and libcurl machinery costs about half a millisecond of CPU each.
///
/// - Per `host:port`, at most ``maximumConnections`` keep-alive connections,
///   each owned by a dedicated thread: every wait happens there, never on the
///   Swift concurrency pool, which blocking calls would starve. ``send(_:)``
///   hands the request over and awaits a continuation; on an idle kept
///   connection it writes the request itself with a non-blocking `send()`,
///   which spares a thread wake-up, and the thread reads the answer.
///   Requests beyond the limit queue.
/// - Hosts are resolved with `getaddrinfo` (address literals directly);
///   connections use `TCP_NODELAY`, and sends `MSG_NOSIGNAL`.
/// - Requests are HTTP/1.1 with `Host`, the request's own headers,
///   `Content-Length` for a body and `Connection: keep-alive`. Responses are
///   read by ``HTTPResponseParser``: `Content-Length`, chunked or until
///   close; at most 64 KiB of head and 64 MiB of body.
/// - ``idleTimeout`` bounds every wait for the server, in whole seconds (at
///   least 1, as ``URLSessionTransport``); ``deadline`` bounds each request
///   as a whole, counted from the call to ``send(_:)``. A request still
///   queued when its deadline passes fails when a connection comes free.
/// - A kept-alive connection the server closed before answering is retried
///   once on a new connection, for idempotent methods only.
/// - Cancelling the calling task fails the request with `.cancelled` at once
///   and closes its connection.
/// - Redirects follow ``redirectPolicy`` (same-host GET/HEAD by default), to
///   `http` targets only; others come back as the 3xx response.
/// - `https` URLs are refused: use ``URLSessionTransport`` for them.
///
/// Errors name the method, host and path (``HTTPRequest/logDescription``),
/// never headers or token-like query values. Call ``invalidate()`` when done;
/// deinit does it too.
public final class SocketHTTPTransport: HTTPTransport {
  /// The longest silence from the server, as given.
  public let idleTimeout: Duration
  /// The whole seconds actually applied: ``idleTimeout`` rounded up, at least 1.
  public var idleTimeoutSeconds: Int { appliedIdleTimeout.seconds }
  /// The longest a single request may take from ``send(_:)`` to last byte.
  public let deadline: Duration
  /// The most connections (and threads) per `host:port`.
  public let maximumConnections: Int
  /// One exchange per connection: at most ``maximumConnections`` at a server.
  public var connectionLimit: Int? { maximumConnections }
  public let redirectPolicy: RedirectPolicy

  /// How many redirects one request may follow.
  public static let maximumRedirects = 10

  private let appliedIdleTimeout: IdleTimeout
  private let registry = Mutex(Registry())

  private struct Registry {
    var pools: [SocketEndpoint.PoolKey: SocketConnectionPool] = [:]
    /// The pool used last, found without hashing when the host repeats.
    var lastPool: SocketConnectionPool?
    var isInvalidated = false
  }

  /// - Parameters:
  ///   - idleTimeout: the longest silence from the server (rounded up to whole seconds, at least 1 s).
  ///   - deadline: the longest a request may take in all.
  ///   - maximumConnections: the connection pool size per `host:port`.
  ///   - redirectPolicy: which redirects to follow; others come back as the 3xx response.
  public init(
    idleTimeout: Duration = .seconds(30),
    deadline: Duration = .seconds(120),
    maximumConnections: Int = 8,
    redirectPolicy: RedirectPolicy = .sameHost
  ) {
    self.idleTimeout = idleTimeout
    self.appliedIdleTimeout = IdleTimeout(idleTimeout)
    self.deadline = min(max(deadline, .milliseconds(1)), IdleTimeout.longest)
    self.maximumConnections = max(1, maximumConnections)
    self.redirectPolicy = redirectPolicy
  }

  deinit {
    invalidate()
  }

  /// Closes every connection and ends every connection thread. Requests in
  /// flight or queued fail with `.cancelled`; later calls to ``send(_:)``
  /// fail with `.other`. Calling it again does nothing.
  public func invalidate() {
    let pools = registry.withLock { registry -> [SocketConnectionPool] in
      guard !registry.isInvalidated else { return [] }
      registry.isInvalidated = true
      defer {
        registry.pools = [:]
        registry.lastPool = nil
      }
      return Array(registry.pools.values)
    }
    for pool in pools {
      pool.invalidate()
    }
  }

  public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
    let deadlineInstant = ContinuousClock.now.advanced(by: deadline)
    var current = request
    var redirectsFollowed = 0
    while true {
      let response = try await sendOnce(current, deadline: deadlineInstant)
      guard let target = redirectTarget(of: response, for: current) else { return response }
      guard redirectsFollowed < Self.maximumRedirects else {
        throw TransportError(.other, "\(request.logDescription): too many redirects")
      }
      redirectsFollowed += 1
      if response.status == 303, current.method.uppercased() != "HEAD" {
        current.method = "GET"
        current.body = Data()
      }
      current.url = target
    }
  }

  /// Where `response` redirects `request` to, if the policy lets it go there
  /// and this transport can (plain http).
  private func redirectTarget(of response: HTTPResponse, for request: HTTPRequest) -> URL? {
    guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["Location"],
      let target = URL(string: location, relativeTo: request.url)?.absoluteURL,
      target.scheme?.lowercased() == "http",
      redirectPolicy.allows(method: request.method, from: request.url, to: target)
    else { return nil }
    return target
  }

  private func sendOnce(
    _ request: HTTPRequest, deadline: ContinuousClock.Instant
  ) async throws(TransportError) -> HTTPResponse {
    let endpoint = try SocketEndpoint(url: request.url, label: request.logDescription)
    let bytes = try HTTPRequestEncoder.encode(
      request, target: SocketEndpoint.requestTarget(of: request.url), hostHeader: endpoint.hostHeader,
      label: request.logDescription)
    guard let pool = pool(for: endpoint) else {
      throw TransportError(.other, "\(request.logDescription): the transport was already invalidated")
    }
    let exchange = SocketExchange(request: request, bytes: bytes, deadline: deadline, deadlineDuration: self.deadline)
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        if exchange.attach(continuation) {
          pool.submit(exchange)
        }
      }
    } onCancel: {
      exchange.abort(TransportError(.cancelled, "\(request.logDescription): cancelled"))
    }
    return try outcome.get()
  }

  private func pool(for endpoint: SocketEndpoint) -> SocketConnectionPool? {
    registry.withLock { registry in
      guard !registry.isInvalidated else { return nil }
      if let last = registry.lastPool, last.endpoint.port == endpoint.port, last.endpoint.host == endpoint.host {
        return last
      }
      let key = endpoint.poolKey
      let pool =
        registry.pools[key]
        ?? SocketConnectionPool(
          endpoint: endpoint, maximumConnections: maximumConnections, idleTimeout: appliedIdleTimeout)
      registry.pools[key] = pool
      registry.lastPool = pool
      return pool
    }
  }
}
