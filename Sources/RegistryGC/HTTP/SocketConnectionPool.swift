import Foundation
import Glibc
import Synchronization

/// The connections of ``SocketHTTPTransport`` to one `host:port`: at most
/// ``maximumConnections`` threads, each owning one keep-alive connection and
/// carrying one exchange at a time.
///
/// An exchange goes to the idle thread used most recently (its connection is
/// the warmest), else to a new thread while there are fewer than the
/// maximum, else into a queue that threads drain as they finish.
///
/// The common case costs no thread wake-up: an idle thread with a live
/// connection sits in `poll()` on that connection, so the caller itself
/// writes the request there with a non-blocking `send()` (never a wait, so
/// fine on the Swift concurrency pool) and the answer's arrival wakes the
/// thread, which reads it. The thread is woken through its ``WakePipe`` only
/// when it has more to do: connect, finish a request the socket would not
/// take at once, watch a deadline nearer than its current wait, or stop.
///
/// A thread marks itself idle *before* handing back its outcome, so a caller
/// that sends its next request at once finds the same connection free:
/// sequential requests use one connection. ``invalidate()`` aborts whatever
/// is queued or in flight and lets every thread close its connection and end.
final class SocketConnectionPool: Sendable {
  let endpoint: SocketEndpoint
  let maximumConnections: Int
  let idleTimeout: IdleTimeout

  private let state = Mutex(State())

  /// The size of each thread's receive buffer.
  static let readBufferSize = 64 * 1024

  /// The pool's own state. Lock order: this lock first, then a thread's
  /// (never the other way round).
  private struct State {
    var queue: [SocketExchange] = []
    /// Threads waiting for work, the most recently used last.
    var idleWorkers: [Worker] = []
    /// Every running thread.
    var workers: [Worker] = []
    var threadsStarted = 0
    var isInvalidated = false
  }

  /// A connection thread's handle: what it is doing, under a lock of its own
  /// (so threads do not contend with each other for the pool's), and the
  /// pipe that wakes it from `poll()`.
  private final class Worker: Sendable {
    let wake: WakePipe
    let state = Mutex(WorkerState())

    init(wake: WakePipe, serving exchange: SocketExchange) {
      self.wake = wake
      state.withLock { $0.phase = .serving(exchange) }
    }
  }

  private struct WorkerState {
    var phase = Phase.idle
    /// The socket of the thread's live connection, or -1.
    var descriptor: Int32 = -1
    /// When the thread's current idle wait times out; nil while it waits
    /// only for its wake pipe.
    var waitEnds: ContinuousClock.Instant?
    /// The thread waits for a caller to finish writing (and to wake it).
    var awaitsWriter = false
    /// Set by ``invalidate()``: an idle thread ends when it sees it.
    var mustStop = false
  }

  private enum Phase {
    /// The thread carries out this exchange on its own, start to end.
    case serving(SocketExchange)
    case idle
    /// Handed over while idle without a connection: the thread, once woken,
    /// connects and carries it out.
    case assigned(SocketExchange)
    /// A caller is writing the request on the thread's kept connection.
    case callerWriting(SocketExchange)
    /// A caller wrote the first `sentBytes` of the request at `since`; the
    /// thread writes the rest, if any, and reads the answer.
    case written(SocketExchange, sentBytes: Int, since: ContinuousClock.Instant)

    var exchange: SocketExchange? {
      switch self {
      case .serving(let exchange), .assigned(let exchange), .callerWriting(let exchange),
        .written(let exchange, _, _):
        exchange
      case .idle:
        nil
      }
    }
  }

  private enum Placement {
    case write(Worker, descriptor: Int32)
    case wake(Worker)
    case start(Worker, number: Int)
    case queued
    case refused
    case outOfDescriptors
  }

  init(endpoint: SocketEndpoint, maximumConnections: Int, idleTimeout: IdleTimeout) {
    self.endpoint = endpoint
    self.maximumConnections = max(1, maximumConnections)
    self.idleTimeout = idleTimeout
  }

  // MARK: Callers

  /// Hands `exchange` to a connection (writing the request at once when an
  /// idle one is open), or queues it.
  func submit(_ exchange: SocketExchange) {
    let placement = state.withLock { state -> Placement in
      guard !state.isInvalidated else { return .refused }
      if let worker = state.idleWorkers.popLast() {
        let descriptor = worker.state.withLock { worker in
          worker.phase = worker.descriptor >= 0 ? .callerWriting(exchange) : .assigned(exchange)
          return worker.descriptor
        }
        return descriptor >= 0 ? .write(worker, descriptor: descriptor) : .wake(worker)
      }
      // A new thread (its pipe is made under the lock, at most
      // maximumConnections times); without descriptors for the pipe, the
      // exchange waits for a running thread, if there is one.
      if state.workers.count < maximumConnections, let wake = WakePipe() {
        let worker = Worker(wake: wake, serving: exchange)
        state.workers.append(worker)
        state.threadsStarted += 1
        return .start(worker, number: state.threadsStarted)
      }
      guard !state.workers.isEmpty else { return .outOfDescriptors }
      state.queue.append(exchange)
      return .queued
    }
    switch placement {
    case .write(let worker, let descriptor):
      write(exchange, on: descriptor, keptBy: worker)
    case .wake(let worker):
      worker.wake.signal()
    case .start(let worker, let number):
      let thread = Thread { [self] in
        run(worker, first: exchange)
      }
      thread.name = "SocketHTTPTransport \(endpoint.authority) #\(number)"
      thread.start()
    case .queued:
      break
    case .refused:
      exchange.abort(Self.invalidatedError(exchange))
    case .outOfDescriptors:
      exchange.finish(
        .failure(
          TransportError(
            .other, "\(exchange.label): cannot start a connection thread (no file descriptor left for its pipe)")))
    }
  }

  /// The caller's part of an exchange on a kept connection: write the
  /// request without waiting, then leave the rest to the connection's thread.
  private func write(_ exchange: SocketExchange, on descriptor: Int32, keptBy worker: Worker) {
    var sentBytes = 0
    var threadMustHelp = true
    // Registered from here on, so a cancellation shuts the socket down; the
    // thread releases it when the exchange is over.
    if exchange.use(descriptor: descriptor), !SocketConnection.looksClosed(descriptor) {
      sentBytes = SocketConnection.writeWithoutWaiting(exchange.bytes, to: descriptor)
      threadMustHelp = sentBytes < exchange.bytes.count
    }
    let mustWake = worker.state.withLock { worker -> Bool in
      worker.phase = .written(exchange, sentBytes: sentBytes, since: .now)
      // The thread's poll() ends on the answer, or at waitEnds to check the
      // silence; it must be woken to finish writing, when it waits for this
      // caller, or when the deadline comes before waitEnds.
      let wakesInTime = worker.waitEnds.map { $0 <= exchange.deadline } ?? false
      let mustWake = threadMustHelp || worker.awaitsWriter || !wakesInTime
      worker.awaitsWriter = false
      return mustWake
    }
    if mustWake { worker.wake.signal() }
  }

  /// Aborts queued and in-flight exchanges and ends every thread; each
  /// closes its connection on the way out. Calling it again does nothing.
  func invalidate() {
    let (queued, workers) = state.withLock { state -> ([SocketExchange], [Worker]) in
      guard !state.isInvalidated else { return ([], []) }
      state.isInvalidated = true
      defer { state.queue = [] }
      return (state.queue, state.workers)
    }
    var pending = queued
    for worker in workers {
      worker.state.withLock { worker in
        worker.mustStop = true
        if let exchange = worker.phase.exchange { pending.append(exchange) }
      }
    }
    for exchange in pending {
      exchange.abort(Self.invalidatedError(exchange))
    }
    for worker in workers {
      worker.wake.signal()
    }
  }

  private static func invalidatedError(_ exchange: SocketExchange) -> TransportError {
    TransportError(.cancelled, "\(exchange.label): the transport was invalidated")
  }

  // MARK: The connection thread

  /// What the thread does next.
  private enum Step {
    /// Carry out this exchange from the start.
    case serve(SocketExchange)
    /// Finish an exchange a caller began writing on the kept connection.
    case finish(SocketExchange, sentBytes: Int, since: ContinuousClock.Instant)
    /// Poll the wake pipe, and the kept connection if `watchConnection`.
    case wait(watchConnection: Bool, until: ContinuousClock.Instant?)
    /// Leave the pool and end.
    case retire
    case stop
  }

  private func run(_ worker: Worker, first: SocketExchange) {
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readBufferSize, alignment: 16)
    var connection: SocketConnection?
    defer {
      connection?.close()
      readBuffer.deallocate()
    }

    var step = Step.serve(first)
    while true {
      switch step {
      case .serve(let exchange):
        let outcome = serve(exchange, on: &connection, readBuffer: readBuffer, mayResend: exchange.isIdempotent)
        step = becomeIdle(worker, connection: connection)
        if let outcome { exchange.finish(outcome) }

      case .finish(let exchange, let sentBytes, let since):
        let outcome = finish(exchange, sentBytes: sentBytes, since: since, on: &connection, readBuffer: readBuffer)
        step = becomeIdle(worker, connection: connection)
        if let outcome { exchange.finish(outcome) }

      case .wait(let watchConnection, let until):
        let connectionStirred = wait(worker, watching: watchConnection ? connection?.descriptor : nil, until: until)
        step = nextStep(worker, connection: &connection, connectionStirred: connectionStirred)

      case .retire:
        state.withLock { state in
          state.idleWorkers.removeAll { $0 === worker }
          state.workers.removeAll { $0 === worker }
        }
        return

      case .stop:
        return
      }
    }
  }

  /// After an exchange: the queue's oldest pending exchange, or else idle.
  private func becomeIdle(_ worker: Worker, connection: SocketConnection?) -> Step {
    let descriptor = connection?.descriptor ?? -1
    let waitEnds = descriptor >= 0 ? ContinuousClock.now + idleTimeout.duration : nil
    return state.withLock { state -> Step in
      if state.isInvalidated {
        state.workers.removeAll { $0 === worker }
        return .stop
      }
      while !state.queue.isEmpty {
        let queued = state.queue.removeFirst()
        // Cancelled while it waited: its caller has its answer already.
        guard !queued.isFinished else { continue }
        worker.state.withLock { worker in
          worker.phase = .serving(queued)
          worker.descriptor = descriptor
        }
        return .serve(queued)
      }
      worker.state.withLock { worker in
        worker.phase = .idle
        worker.descriptor = descriptor
        worker.waitEnds = waitEnds
      }
      state.idleWorkers.append(worker)
      return .wait(watchConnection: descriptor >= 0, until: waitEnds)
    }
  }

  /// Polls the wake pipe (and `descriptor`, if any) until one stirs or
  /// `until` passes. Returns whether the connection's socket stirred.
  private func wait(_ worker: Worker, watching descriptor: Int32?, until: ContinuousClock.Instant?) -> Bool {
    var sockets = [pollfd(fd: worker.wake.readFD, events: Int16(POLLIN), revents: 0)]
    if let descriptor { sockets.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
    let timeout = until.map { IdleTimeout.milliseconds(roundingUp: ContinuousClock.now.duration(to: $0)) } ?? -1
    let ready = poll(&sockets, nfds_t(sockets.count), timeout)
    guard ready > 0 else { return false }
    if sockets[0].revents != 0 { worker.wake.drain() }
    return sockets.count > 1 && sockets[1].revents != 0
  }

  /// What an idle thread does after its wait: whatever a caller handed it,
  /// or, when the server closed the idle connection, drop that connection.
  private func nextStep(
    _ worker: Worker, connection: inout SocketConnection?, connectionStirred: Bool
  ) -> Step {
    var closesConnection = false
    let step = worker.state.withLock { worker -> Step in
      switch worker.phase {
      case .callerWriting:
        // The socket is the caller's until it is done: wait for its word.
        worker.awaitsWriter = true
        worker.waitEnds = nil
        return .wait(watchConnection: false, until: nil)
      case .written(let exchange, let sentBytes, let since):
        worker.phase = .serving(exchange)
        worker.waitEnds = nil
        return .finish(exchange, sentBytes: sentBytes, since: since)
      case .assigned(let exchange):
        worker.phase = .serving(exchange)
        worker.waitEnds = nil
        return .serve(exchange)
      case .serving:
        // Not reached: only the thread itself sets this phase, and it is
        // not waiting then. Retire rather than guess.
        return .retire
      case .idle:
        if worker.mustStop { return .retire }
        if connectionStirred {
          // Nobody asked anything: the server closed the connection (or
          // sent something unasked). No caller can pick it any more.
          worker.descriptor = -1
          closesConnection = true
        }
        worker.waitEnds = worker.descriptor >= 0 ? ContinuousClock.now + idleTimeout.duration : nil
        return .wait(watchConnection: worker.descriptor >= 0, until: worker.waitEnds)
      }
    }
    if closesConnection {
      connection?.close()
      connection = nil
    }
    return step
  }

  /// Carries out one exchange on the thread's connection, opening one when
  /// there is none or the kept one was closed by the server. Returns nil
  /// when the exchange had already ended (it was aborted).
  private func serve(
    _ exchange: SocketExchange, on connection: inout SocketConnection?, readBuffer: UnsafeMutableRawBufferPointer,
    mayResend: Bool
  ) -> SocketExchange.Outcome? {
    guard !exchange.isFinished else { return nil }
    if ContinuousClock.now >= exchange.deadline {
      return .failure(SocketConnection.deadlineError(exchange))
    }
    var mayResendOnFreshConnection = mayResend
    while true {
      if let kept = connection, kept.looksClosed() {
        kept.close()
        connection = nil
      }
      let current: SocketConnection
      if let kept = connection {
        guard exchange.use(descriptor: kept.descriptor) else { return nil }
        current = kept
      } else {
        switch SocketConnection.open(to: endpoint, for: exchange, idleTimeout: idleTimeout) {
        case .success(let opened): current = opened
        case .failure(let error): return exchange.abortReason == nil ? .failure(error) : nil
        }
        connection = current
      }
      let wasReused = current.exchangesCarried > 0
      let result = current.perform(exchange, idleTimeout: idleTimeout, readBuffer: readBuffer)
      guard let retry = conclude(exchange, result, on: &connection, wasReused: wasReused) else { return nil }
      switch retry {
      case .done(let outcome):
        return outcome
      case .resend where mayResendOnFreshConnection:
        mayResendOnFreshConnection = false
      case .resend(let error):
        return .failure(error)
      }
    }
  }

  /// Finishes an exchange a caller began on the kept connection.
  private func finish(
    _ exchange: SocketExchange, sentBytes: Int, since: ContinuousClock.Instant,
    on connection: inout SocketConnection?, readBuffer: UnsafeMutableRawBufferPointer
  ) -> SocketExchange.Outcome? {
    guard let current = connection, !exchange.isFinished, sentBytes > 0 || !current.looksClosed() else {
      // Aborted, or nothing was written because the server had closed the
      // connection: nothing of it reached the server, so start afresh.
      if let current = connection {
        exchange.release(descriptor: current.descriptor)
        if sentBytes > 0 || current.looksClosed() {
          current.close()
          connection = nil
        }
      }
      return serve(exchange, on: &connection, readBuffer: readBuffer, mayResend: exchange.isIdempotent)
    }
    let result = current.finish(
      exchange, alreadySent: sentBytes, since: since, idleTimeout: idleTimeout, readBuffer: readBuffer)
    guard let retry = conclude(exchange, result, on: &connection, wasReused: true) else { return nil }
    switch retry {
    case .done(let outcome):
      return outcome
    case .resend(let error):
      guard exchange.isIdempotent else { return .failure(error) }
      // The server had dropped the kept-alive connection: once more on a new one.
      return serve(exchange, on: &connection, readBuffer: readBuffer, mayResend: false)
    }
  }

  private enum Conclusion {
    case done(SocketExchange.Outcome)
    /// The server closed a kept-alive connection before answering.
    case resend(TransportError)
  }

  /// Releases the socket from the exchange and keeps or closes the
  /// connection as the result allows. Nil when the exchange was aborted.
  private func conclude(
    _ exchange: SocketExchange, _ result: Result<(HTTPResponse, reusable: Bool), SocketConnection.Failure>,
    on connection: inout SocketConnection?, wasReused: Bool
  ) -> Conclusion? {
    guard let current = connection else { return nil }
    exchange.release(descriptor: current.descriptor)
    switch result {
    case .success(let (response, reusable)):
      if !reusable {
        current.close()
        connection = nil
      }
      return .done(.success(response))
    case .failure(let failure):
      current.close()
      connection = nil
      if exchange.abortReason != nil { return nil }
      if case .closedBeforeAnswer(let error) = failure, wasReused { return .resend(error) }
      return .done(.failure(failure.error))
    }
  }
}
