import Foundation
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The production ``HTTPTransport``: Foundation's URLSession, tamed for
/// Swift 6.3.1 on Linux.
///
/// - Its own ephemeral session: no cookies, no cache, no credential storage,
///   keep-alive on, at most ``maximumConnectionsPerHost`` connections per host.
/// - A session-level delegate that refuses every authentication challenge, so a
///   401 carrying `WWW-Authenticate` cannot hang (corelibs-foundation#5456). The
///   401 was already received in full by then and is returned as a response.
/// - ``idleTimeout`` is URLSession's timer, reset by every byte; it only works in
///   whole seconds on Linux, so it is rounded up to at least 1 s.
/// - ``deadline`` bounds each request as a whole, kept by this type's own timer
///   (URLSession ignores `timeoutIntervalForResource` on Linux).
/// - Cancelling the calling Swift task cancels the URLSession task.
/// - Redirects follow ``redirectPolicy`` (same-host GET/HEAD by default).
///
/// Errors name the method, host and path, never headers or token-like
/// query values. Call ``invalidate()`` when done; deinit does it too.
public final class URLSessionTransport: HTTPTransport {
  /// URLSession's idle timeout: the longest wait for any byte.
  public let idleTimeout: Duration
  /// The whole seconds actually given to URLSession: ``idleTimeout`` rounded up, at least 1.
  public let idleTimeoutSeconds: Int
  /// The longest a single request may take from start to last byte.
  public let deadline: Duration
  public let maximumConnectionsPerHost: Int
  public let redirectPolicy: RedirectPolicy

  private let session: URLSession
  private let router: URLSessionEventRouter
  /// Guards task creation against a concurrent ``invalidate()``: an invalidated
  /// session traps when asked for a new task.
  private let isInvalidated = Mutex(false)

  /// - Parameters:
  ///   - idleTimeout: the longest silence from the server (rounded up to whole seconds, at least 1 s).
  ///   - deadline: the longest a request may take in all.
  ///   - maximumConnectionsPerHost: the connection pool size per host.
  ///   - redirectPolicy: which redirects to follow; others come back as the 3xx response.
  public init(
    idleTimeout: Duration = .seconds(30),
    deadline: Duration = .seconds(120),
    maximumConnectionsPerHost: Int = 8,
    redirectPolicy: RedirectPolicy = .sameHost
  ) {
    self.idleTimeout = idleTimeout
    self.idleTimeoutSeconds = Self.wholeSeconds(roundingUp: idleTimeout)
    self.deadline = max(deadline, .milliseconds(1))
    self.maximumConnectionsPerHost = max(1, maximumConnectionsPerHost)
    self.redirectPolicy = redirectPolicy

    let configuration = URLSessionConfiguration.ephemeral
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.httpCookieStorage = nil
    configuration.httpShouldSetCookies = false
    configuration.httpCookieAcceptPolicy = .never
    configuration.urlCredentialStorage = nil
    configuration.httpMaximumConnectionsPerHost = self.maximumConnectionsPerHost
    configuration.timeoutIntervalForRequest = TimeInterval(idleTimeoutSeconds)
    // Unused by FoundationNetworking 6.3.1, honoured on Darwin.
    configuration.timeoutIntervalForResource = max(1, self.deadline.inSeconds.rounded(.up))

    let router = URLSessionEventRouter(redirectPolicy: redirectPolicy)
    let delegateQueue = OperationQueue()
    delegateQueue.name = "registry-gc.URLSessionTransport"
    // One at a time keeps each task's events in the order URLSession sent them.
    delegateQueue.maxConcurrentOperationCount = 1
    self.router = router
    self.session = URLSession(configuration: configuration, delegate: router, delegateQueue: delegateQueue)
  }

  deinit {
    invalidate()
  }

  /// Lets requests in flight finish, then releases the session and its
  /// connections. Later calls to ``send(_:)`` fail with `.other`.
  public func invalidate() {
    let wasInvalidated = isInvalidated.withLock { flag in
      defer { flag = true }
      return flag
    }
    if !wasInvalidated { session.finishTasksAndInvalidate() }
  }

  /// URLSession on Linux truncates sub-second timeouts (0.9 s becomes an
  /// immediate failure), so timeouts are whole seconds, rounded up, at least 1.
  public static func wholeSeconds(roundingUp duration: Duration) -> Int {
    let (seconds, attoseconds) = duration.components
    let rounded = attoseconds > 0 ? seconds + 1 : seconds
    return Int(clamping: max(1, rounded))
  }

  public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
    let urlRequest = try makeURLRequest(for: request)
    let exchange = PendingExchange(request: request, idleTimeoutSeconds: idleTimeoutSeconds)
    let task: URLSessionDataTask? = isInvalidated.withLock { invalidated in
      guard !invalidated else { return nil }
      let task = session.dataTask(with: urlRequest)
      router.register(exchange, for: task.taskIdentifier)
      return task
    }
    guard let task else {
      throw TransportError(.other, "\(request.logDescription): the transport was already invalidated")
    }
    let deadline = self.deadline
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        exchange.start(task: task, deadline: deadline, continuation: continuation)
      }
    } onCancel: {
      exchange.finish(.failure(TransportError(.cancelled, "\(request.logDescription): cancelled")))
    }
    // Normally gone already; not so when the deadline or a cancellation won.
    router.unregister(task.taskIdentifier)
    return try outcome.get()
  }

  private func makeURLRequest(for request: HTTPRequest) throws(TransportError) -> URLRequest {
    guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https",
      let host = request.url.host, !host.isEmpty
    else {
      throw TransportError(.other, "\(request.logDescription): only http and https URLs with a host can be sent")
    }
    let method = request.method.uppercased()
    if method == "GET" && !request.body.isEmpty {
      // FoundationNetworking refuses this with a confusing "resource exceeds maximum size".
      throw TransportError(.other, "\(request.logDescription): a GET request cannot carry a body")
    }
    var urlRequest = URLRequest(
      url: request.url,
      cachePolicy: .reloadIgnoringLocalCacheData,
      timeoutInterval: TimeInterval(idleTimeoutSeconds)
    )
    urlRequest.httpMethod = method
    urlRequest.httpShouldHandleCookies = false
    for field in request.headers.fields {
      urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
    }
    if !request.body.isEmpty {
      urlRequest.httpBody = request.body
    }
    return urlRequest
  }
}
