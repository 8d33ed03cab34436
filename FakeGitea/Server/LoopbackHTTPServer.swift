import Dispatch
import Foundation
import Glibc
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 that answers every request with a
/// synchronous handler, for tests and for running the fake Gitea locally.
///
/// It uses plain blocking sockets on dedicated threads (one accepting, one per
/// open connection), never the Swift concurrency pool, which a blocked
/// `recv()` would starve. A connection thread whose connection has closed
/// waits a few seconds to serve the next one before it ends. It supports
/// keep-alive, pipelining, chunked request bodies, `Expect: 100-continue`,
/// and every ``ServerResponse/Disruption``.
///
/// The server answers malformed or oversized requests itself (see
/// ``HTTPRequestParser`` and ``Limits``) with a short `text/plain` body and
/// `Connection: close`; the handler never sees them. For the handler's
/// responses it adds `Content-Length`, `Date` and `Connection` where needed,
/// omits the body for `HEAD`, 1xx, 204 and 304, and sleeps out
/// ``ServerResponse/delay`` first. The handler runs before anything is
/// written, so a journal it keeps is complete when the client gets its answer.
///
/// ```swift
/// let server = LoopbackHTTPServer { request, _ in .text(200, "hi", contentType: "text/plain") }
/// try server.start()
/// defer { server.stop() }
/// // talk to server.baseURL
/// ```
///
/// A server runs once: after ``stop()`` create a new one. Always call
/// ``stop()``: the threads keep the server alive until then.
public final class LoopbackHTTPServer: Sendable {
  /// Answers one request. Called on the connection's thread, possibly on
  /// several threads at once.
  public typealias Handler = @Sendable (ServerRequest, ConnectionInfo) -> ServerResponse

  /// The limits this server enforces.
  public let limits: Limits
  private let handler: Handler
  private let state = SleepingMutex(State())
  // Counted outside `state` so that a request takes no lock of the server's.
  private let requestsServed = Atomic<Int>(0)
  private let rejectedRequests = Atomic<Int>(0)
  /// Entered once per running thread (the accept thread and each connection
  /// thread); `stop()` waits for it to empty.
  private let threads = DispatchGroup()

  /// How long `stop()` waits for threads to finish. Only a handler that
  /// blocks for longer can hold it up; then `stop()` gives up and leaks.
  private static let stopGracePeriod: DispatchTimeInterval = .seconds(10)
  /// How many threads may wait for a next connection, and for how long.
  private static let maxParkedThreads = 16
  private static let parkingTime: DispatchTimeInterval = .seconds(5)

  private enum Lifecycle: Sendable, Equatable {
    case idle
    case running
    case stopping
    case stopped
  }

  private struct State: Sendable {
    var lifecycle = Lifecycle.idle
    var listenFD: Int32 = -1
    var wake: WakeSignal?
    var port: UInt16 = 0
    /// Open connections by ID. A descriptor is in here exactly as long as
    /// its thread has not closed it.
    var connections: [Int: Int32] = [:]
    var nextConnectionID = 1
    var acceptedConnections = 0
    /// Connection threads waiting for a next connection, most recent last.
    var parkedThreads: [ParkedThread] = []
  }

  /// Creates a stopped server; nothing listens until ``start(port:)``.
  public init(limits: Limits = Limits(), handler: @escaping Handler) {
    self.limits = limits
    self.handler = handler
  }

  /// The port the server listens on, or 0 before it has started.
  public var port: UInt16 { state.withLock { $0.port } }

  /// `http://127.0.0.1:PORT`, without a trailing slash.
  public var baseURL: String { "http://127.0.0.1:\(port)" }

  /// A snapshot of the server's counters.
  public var statistics: ServerStatistics {
    let (accepted, open) = state.withLock { ($0.acceptedConnections, $0.connections.count) }
    return ServerStatistics(
      acceptedConnections: accepted, openConnections: open,
      requestsServed: requestsServed.load(ordering: .sequentiallyConsistent),
      rejectedRequests: rejectedRequests.load(ordering: .sequentiallyConsistent))
  }

  // MARK: Starting

  /// Binds 127.0.0.1 (never any other address) and starts accepting.
  ///
  /// - Parameter port: the port to listen on; 0 lets the kernel pick a free one.
  /// - Returns: the port actually bound.
  /// - Throws: ``ServerError`` if the port is taken, the server already runs
  ///   or has been stopped, or the system refuses a socket.
  @discardableResult
  public func start(port: UInt16 = 0) throws(ServerError) -> UInt16 {
    // Writing to a vanished client must fail with EPIPE, not kill the
    // process. Every send also passes MSG_NOSIGNAL; this covers other code.
    signal(SIGPIPE, SIG_IGN)

    return try state.withLock { state throws(ServerError) -> UInt16 in
      switch state.lifecycle {
      case .idle: break
      case .running: throw .alreadyStarted
      case .stopping, .stopped: throw .alreadyStopped
      }
      let wake = try WakeSignal.make().get()
      let listenFD: Int32
      let boundPort: UInt16
      do throws(ServerError) {
        (listenFD, boundPort) = try Self.openListener(port: port)
      } catch {
        wake.close()
        throw error
      }
      state.lifecycle = .running
      state.listenFD = listenFD
      state.wake = wake
      state.port = boundPort

      threads.enter()
      let acceptThread = Thread { [self] in
        acceptLoop(listenFD: listenFD, wake: wake)
      }
      acceptThread.name = "LoopbackHTTPServer accept :\(boundPort)"
      acceptThread.start()
      return boundPort
    }
  }

  /// Creates, binds and listens on a TCP socket on 127.0.0.1.
  private static func openListener(port: UInt16) throws(ServerError) -> (fd: Int32, port: UInt16) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw .systemCallFailed("socket()", errorNumber: errno) }
    var reuse: Int32 = 1
    _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))

    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0 else {
      let code = errno
      close(fd)
      throw .portUnavailable(port, errorNumber: code)
    }
    guard listen(fd, 128) == 0 else {
      let code = errno
      close(fd)
      throw .systemCallFailed("listen()", errorNumber: code)
    }

    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else {
      let code = errno
      close(fd)
      throw .systemCallFailed("getsockname()", errorNumber: code)
    }
    return (fd, UInt16(bigEndian: actual.sin_port))
  }

  // MARK: Stopping

  /// Stops accepting, closes every connection and waits for all threads.
  ///
  /// Prompt even when connections are idle, stalled, or waiting out a
  /// response `delay`: those waits all watch a wake-up pipe, and every
  /// socket is shut down, which also unblocks `accept()` and `send()`.
  /// Calling it again, or before `start()`, does nothing more. Do not call
  /// it from the handler: it waits for the handler's own thread.
  public func stop() {
    let needsStopping = state.withLock { state -> Bool in
      switch state.lifecycle {
      case .idle:
        state.lifecycle = .stopped
        return false
      case .stopping, .stopped:
        return false
      case .running:
        state.lifecycle = .stopping
        // While the lock is held, every registered descriptor is still open
        // (its thread unregisters before closing), so none of these can hit
        // a recycled descriptor number.
        _ = shutdown(state.listenFD, Int32(SHUT_RDWR))
        state.wake?.raise()
        for fd in state.connections.values {
          _ = shutdown(fd, Int32(SHUT_RDWR))
        }
        for parked in state.parkedThreads {
          parked.wake()
        }
        state.parkedThreads.removeAll()
        return true
      }
    }
    // A concurrent second caller also waits, so no stop() returns early.
    let finished = threads.wait(timeout: .now() + Self.stopGracePeriod) == .success
    guard needsStopping else { return }
    guard finished else {
      // Some handler is still running; closing the listener or the pipe
      // now could hand its descriptor numbers to someone else under it.
      FileHandle.standardError.write(
        Data("LoopbackHTTPServer: stop() gave up waiting for a handler; \(statistics)\n".utf8))
      return
    }
    state.withLock { state in
      close(state.listenFD)
      state.listenFD = -1
      state.wake?.close()
      state.wake = nil
      state.lifecycle = .stopped
    }
  }

  // MARK: Threads

  private func acceptLoop(listenFD: Int32, wake: WakeSignal) {
    defer { threads.leave() }
    while true {
      let fd = accept(listenFD, nil, nil)
      if fd >= 0 {
        // Glibc's module does not export accept4(); set close-on-exec after.
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        admit(fd, wake: wake)
        continue
      }
      let code = errno
      if wake.isRaised { return }
      switch code {
      case EINTR, ECONNABORTED, EPROTO:
        continue
      case EMFILE, ENFILE, ENOBUFS, ENOMEM:
        // Out of descriptors or memory: wait for some to be released.
        if wake.wait(atMost: .milliseconds(50)) { return }
      default:
        return
      }
    }
  }

  private enum Admission {
    case serve(connectionID: Int)
    case handOver(ParkedThread)
    case overCapacity
    case stopping
  }

  /// Registers an accepted connection and gives it a thread, or turns it away.
  private func admit(_ fd: Int32, wake: WakeSignal) {
    let admission = state.withLock { state -> Admission in
      state.acceptedConnections += 1
      guard state.lifecycle == .running else { return .stopping }
      guard state.connections.count < limits.maxConnections else {
        rejectedRequests.add(1, ordering: .sequentiallyConsistent)
        return .overCapacity
      }
      let connectionID = state.nextConnectionID
      state.nextConnectionID += 1
      state.connections[connectionID] = fd
      if let parked = state.parkedThreads.popLast() {
        parked.assignment = ParkedThread.Assignment(fd: fd, connectionID: connectionID)
        return .handOver(parked)
      }
      threads.enter()
      return .serve(connectionID: connectionID)
    }

    switch admission {
    case .stopping:
      close(fd)
    case .overCapacity:
      // Answered from the accept thread, so no new thread is spent on it.
      let answer = ResponseEncoder.error(
        status: 503, reason: "the server already has \(limits.maxConnections) open connections")
      _ = answer.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
      close(fd)
    case .handOver(let parked):
      parked.wake()
    case .serve(let connectionID):
      let first = ParkedThread.Assignment(fd: fd, connectionID: connectionID)
      let thread = Thread { [self] in
        serveConnections(first: first, wake: wake)
      }
      thread.name = "LoopbackHTTPServer connections :\(port)"
      thread.start()
    }
  }

  /// A connection thread: serves `first`, then whatever connections it is
  /// handed while parked.
  private func serveConnections(first: ParkedThread.Assignment, wake: WakeSignal) {
    defer { threads.leave() }
    var next: ParkedThread.Assignment? = first
    while let assignment = next {
      serveConnection(fd: assignment.fd, connectionID: assignment.connectionID, wake: wake)
      next = awaitNextConnection()
    }
  }

  /// Parks the calling thread until it is handed a connection; nil when the
  /// server stops, enough threads are parked already, or none came in time.
  private func awaitNextConnection() -> ParkedThread.Assignment? {
    let parked = ParkedThread()
    let isParked = state.withLock { state -> Bool in
      guard state.lifecycle == .running, state.parkedThreads.count < Self.maxParkedThreads else { return false }
      state.parkedThreads.append(parked)
      return true
    }
    guard isParked else { return nil }
    parked.sleep(atMost: Self.parkingTime)
    // After a timeout, admit() may have chosen this thread all the same just
    // before; the lock tells.
    return state.withLock { state in
      state.parkedThreads.removeAll { $0 === parked }
      return parked.assignment
    }
  }

  private func serveConnection(fd: Int32, connectionID: Int, wake: WakeSignal) {
    let socket = ConnectionSocket(fd: fd, wake: wake, idleTimeout: limits.idleTimeout)
    socket.configure()
    let worker = ConnectionWorker(
      connectionID: connectionID, socket: socket, limits: limits, handler: handler,
      report: { [self] event in
        switch event {
        case .requestHandled: requestsServed.add(1, ordering: .sequentiallyConsistent)
        case .requestRejected: rejectedRequests.add(1, ordering: .sequentiallyConsistent)
        }
      })

    switch worker.run() {
    case .immediately: break
    case .gracefully: socket.finishSending()
    case .withReset: socket.resetOnClose()
    }
    // Unregister first, so stop() can no longer shut this number down, then close.
    state.withLock { state in state.connections[connectionID] = nil }
    close(fd)
  }
}
