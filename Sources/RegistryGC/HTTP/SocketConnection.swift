import Glibc

/// One non-blocking TCP connection to an HTTP/1.1 server, used by a single
/// connection thread of ``SocketHTTPTransport``: it connects, writes one
/// request at a time and reads its response.
///
/// Every wait is a `poll()` bounded by the idle timeout and by the exchange's
/// deadline, whichever is nearer; a shutdown from ``SocketExchange/abort(_:)``
/// ends it early. Sends pass `MSG_NOSIGNAL`, so a vanished server is an
/// error code rather than SIGPIPE.
final class SocketConnection {
  /// How one exchange on the connection went wrong.
  enum Failure: Error {
    /// The server closed or reset the connection before sending any byte of
    /// the response. On a connection that carried earlier exchanges this is
    /// a keep-alive connection the server had dropped, and an idempotent
    /// request may be sent again on a new one.
    case closedBeforeAnswer(TransportError)
    case failed(TransportError)

    var error: TransportError {
      switch self {
      case .closedBeforeAnswer(let error), .failed(let error): error
      }
    }
  }

  let descriptor: Int32
  let endpoint: SocketEndpoint
  /// Exchanges completed on this connection so far.
  private(set) var exchangesCarried = 0
  private var isClosed = false

  private init(descriptor: Int32, endpoint: SocketEndpoint) {
    self.descriptor = descriptor
    self.endpoint = endpoint
  }

  deinit { close() }

  /// Closes the socket. The caller must have released it from any exchange.
  func close() {
    guard !isClosed else { return }
    isClosed = true
    _ = Glibc.close(descriptor)
  }

  // MARK: Connecting

  /// Resolves `endpoint` and connects to the first of its addresses that
  /// answers. The socket is registered with `exchange` from its creation, so
  /// an abort interrupts the connect; the caller releases it.
  static func open(
    to endpoint: SocketEndpoint, for exchange: SocketExchange, idleTimeout: IdleTimeout
  ) -> Result<SocketConnection, TransportError> {
    let label = exchange.label
    let addresses: [SocketAddressResolver.Address]
    switch SocketAddressResolver.resolve(host: endpoint.host, port: endpoint.port) {
    case .success(let found): addresses = found
    case .failure(let failure):
      return .failure(
        TransportError(
          .cannotConnect, "\(label): cannot resolve \(endpoint.host) (\(failure.reason)); check the URL"))
    }
    var lastError = TransportError(.cannotConnect, "\(label): cannot connect to \(endpoint.authority)")
    for address in addresses {
      switch connect(to: address, endpoint: endpoint, for: exchange, idleTimeout: idleTimeout) {
      case .success(let connection): return .success(connection)
      case .failure(let error):
        lastError = error
        if exchange.abortReason != nil || error.kind == .timedOut { return .failure(error) }
      }
    }
    return .failure(lastError)
  }

  private static func connect(
    to address: SocketAddressResolver.Address, endpoint: SocketEndpoint, for exchange: SocketExchange,
    idleTimeout: IdleTimeout
  ) -> Result<SocketConnection, TransportError> {
    let label = exchange.label
    let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    let descriptor = socket(address.family, socketType, Int32(IPPROTO_TCP))
    guard descriptor >= 0 else {
      return .failure(TransportError(.other, "\(label): cannot open a socket (\(Self.describe(errno: errno)))"))
    }
    let connection = SocketConnection(descriptor: descriptor, endpoint: endpoint)
    guard exchange.use(descriptor: descriptor) else {
      return .failure(exchange.abortReason ?? TransportError(.cancelled, "\(label): cancelled"))
    }
    var noDelay: Int32 = 1
    _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))

    var storage = address.storage
    let started = withUnsafePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, address.length) }
    }
    var code: Int32 = started == 0 ? 0 : errno
    if code == EINPROGRESS || code == EINTR {
      let limit = ContinuousClock.now + idleTimeout.duration
      switch wait(descriptor, for: Int16(POLLOUT), exchange: exchange, idleLimit: limit) {
      case .ready:
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length) != 0 { code = errno }
      case .idleTimeout:
        exchange.release(descriptor: descriptor)
        return .failure(
          TransportError(
            .timedOut,
            "\(label): could not connect to \(endpoint.authority) within \(idleTimeout.seconds) s (idle timeout)"))
      case .deadlinePassed:
        exchange.release(descriptor: descriptor)
        return .failure(deadlineError(exchange))
      case .failed(let pollError):
        code = pollError
      }
    }
    guard code == 0 else {
      exchange.release(descriptor: descriptor)
      if let reason = exchange.abortReason { return .failure(reason) }
      return .failure(
        TransportError(
          .cannotConnect,
          "\(label): cannot connect to \(endpoint.authority) (\(describe(errno: code))); "
            + "check the URL and that the server is up"))
    }
    return .success(connection)
  }

  // MARK: Exchanging

  /// Whether the server has closed this idle connection (or sent something
  /// unasked), judged without waiting: then it must not be reused.
  func looksClosed() -> Bool { Self.looksClosed(descriptor) }

  /// ``looksClosed()`` for a socket known only by its descriptor.
  static func looksClosed(_ descriptor: Int32) -> Bool {
    var byte: UInt8 = 0
    let count = recv(descriptor, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
    if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR }
    return true
  }

  /// Writes as much of `bytes` as the socket takes at once, without ever
  /// waiting (safe on any thread), and returns how many bytes went out.
  static func writeWithoutWaiting(_ bytes: [UInt8], to descriptor: Int32) -> Int {
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let sent = send(
          descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        if sent > 0 {
          offset += sent
        } else if sent < 0, errno == EINTR {
          continue
        } else {
          break
        }
      }
      return offset
    }
  }

  /// Writes the exchange's request and reads the response. The socket must
  /// be registered with the exchange. Returns the response and whether the
  /// connection may carry another request.
  func perform(
    _ exchange: SocketExchange, idleTimeout: IdleTimeout, readBuffer: UnsafeMutableRawBufferPointer
  ) -> Result<(HTTPResponse, reusable: Bool), Failure> {
    finish(exchange, alreadySent: 0, since: ContinuousClock.now, idleTimeout: idleTimeout, readBuffer: readBuffer)
  }

  /// Writes what is left of the exchange's request after the first
  /// `alreadySent` bytes (which its caller wrote at `since`), then reads the
  /// response. The socket must be registered with the exchange.
  func finish(
    _ exchange: SocketExchange, alreadySent: Int, since: ContinuousClock.Instant, idleTimeout: IdleTimeout,
    readBuffer: UnsafeMutableRawBufferPointer
  ) -> Result<(HTTPResponse, reusable: Bool), Failure> {
    if alreadySent < exchange.bytes.count {
      if let failure = sendRequest(of: exchange, from: alreadySent, idleTimeout: idleTimeout) {
        return .failure(failure)
      }
    }
    let outcome = receiveResponse(
      to: exchange, idleTimeout: idleTimeout, readBuffer: readBuffer,
      firstIdleLimit: alreadySent == exchange.bytes.count ? since + idleTimeout.duration : nil)
    if case .success = outcome { exchangesCarried += 1 }
    return outcome
  }

  private func sendRequest(of exchange: SocketExchange, from start: Int, idleTimeout: IdleTimeout) -> Failure? {
    exchange.bytes.withUnsafeBytes { bytes -> Failure? in
      var offset = start
      while offset < bytes.count {
        let sent = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
        if sent > 0 {
          offset += sent
          continue
        }
        let code = sent == 0 ? EPIPE : errno
        switch code {
        case EINTR:
          continue
        case EAGAIN, EWOULDBLOCK:
          let limit = ContinuousClock.now + idleTimeout.duration
          switch Self.wait(descriptor, for: Int16(POLLOUT), exchange: exchange, idleLimit: limit) {
          case .ready: continue
          case .idleTimeout:
            return .failed(
              TransportError(
                .timedOut,
                "\(exchange.label): the server took no data for \(idleTimeout.seconds) s (idle timeout)"))
          case .deadlinePassed: return .failed(Self.deadlineError(exchange))
          case .failed(let pollError): return .failed(lost(exchange, errno: pollError))
          }
        default:
          let error = lost(exchange, errno: code)
          // Nothing of the request got through: as good as unanswered.
          return offset == 0 ? .closedBeforeAnswer(error) : .failed(error)
        }
      }
      return nil
    }
  }

  /// Reads one response. `firstIdleLimit` bounds the first wait when the
  /// request went out earlier than now; later waits allow a whole idle
  /// timeout from the moment they begin.
  private func receiveResponse(
    to exchange: SocketExchange, idleTimeout: IdleTimeout, readBuffer: UnsafeMutableRawBufferPointer,
    firstIdleLimit: ContinuousClock.Instant?
  ) -> Result<(HTTPResponse, reusable: Bool), Failure> {
    var parser = HTTPResponseParser(requestMethod: exchange.request.method)
    var idleLimit = firstIdleLimit
    // Just after sending, nothing can have arrived yet: wait first. When
    // the caller sent earlier, the answer may be waiting: read first.
    var shouldWait = firstIdleLimit == nil
    while true {
      if shouldWait {
        let limit = idleLimit ?? ContinuousClock.now + idleTimeout.duration
        idleLimit = nil
        switch Self.wait(descriptor, for: Int16(POLLIN), exchange: exchange, idleLimit: limit) {
        case .ready: break
        case .idleTimeout:
          return .failure(
            .failed(
              TransportError(
                .timedOut,
                "\(exchange.label): no data from the server for \(idleTimeout.seconds) s (idle timeout)")))
        case .deadlinePassed:
          return .failure(.failed(Self.deadlineError(exchange)))
        case .failed(let code):
          return .failure(.failed(lost(exchange, errno: code)))
        }
      }
      let count = recv(descriptor, readBuffer.baseAddress, readBuffer.count, Int32(MSG_DONTWAIT))
      if count > 0 {
        parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
        switch parser.next() {
        case .needMoreData:
          // A full buffer suggests more is waiting; otherwise wait for it.
          shouldWait = count < readBuffer.count
          continue
        case .response(let response, let reusable):
          return .success((response, reusable && parser.unconsumedByteCount == 0))
        case .malformed(let reason):
          return .failure(.failed(malformed(exchange, reason)))
        case .truncated:
          return .failure(.failed(lost(exchange, errno: 0)))
        }
      }
      let code = count == 0 ? 0 : errno
      switch code {
      case EINTR:
        shouldWait = false
        continue
      case EAGAIN, EWOULDBLOCK:
        shouldWait = true
        continue
      case 0:
        // The server closed its side.
        switch parser.finish() {
        case .response(let response, _):
          return .success((response, false))
        case .malformed(let reason):
          return .failure(.failed(malformed(exchange, reason)))
        case .needMoreData, .truncated:
          break
        }
        if parser.receivedAnyBytes { return .failure(.failed(lost(exchange, errno: 0))) }
        return .failure(
          .closedBeforeAnswer(
            TransportError(
              .connectionLost, "\(exchange.label): the server closed the connection without answering")))
      default:
        let error = lost(exchange, errno: code)
        return .failure(parser.receivedAnyBytes ? .failed(error) : .closedBeforeAnswer(error))
      }
    }
  }

  private func lost(_ exchange: SocketExchange, errno code: Int32) -> TransportError {
    let cause = code == 0 ? "the server closed it" : Self.describe(errno: code)
    return TransportError(
      .connectionLost, "\(exchange.label): the connection was lost before a whole response arrived (\(cause))")
  }

  private func malformed(_ exchange: SocketExchange, _ reason: String) -> TransportError {
    TransportError(.malformedResponse, "\(exchange.label): the server's answer is not valid HTTP (\(reason))")
  }

  static func deadlineError(_ exchange: SocketExchange) -> TransportError {
    TransportError(
      .timedOut,
      "\(exchange.label): no complete response within \(exchange.deadlineDuration.logDescription) (request deadline)")
  }

  // MARK: Waiting

  enum Readiness: Equatable {
    case ready
    case idleTimeout
    case deadlinePassed
    case failed(Int32)
  }

  /// Waits until `events` can proceed on `descriptor`, until `idleLimit` at
  /// most and never past the exchange's deadline. Readiness includes a
  /// closed or reset socket: the next `recv()`/`send()` tells which.
  static func wait(
    _ descriptor: Int32, for events: Int16, exchange: SocketExchange, idleLimit: ContinuousClock.Instant
  ) -> Readiness {
    while true {
      let now = ContinuousClock.now
      guard now < exchange.deadline else { return .deadlinePassed }
      let limitedByDeadline = exchange.deadline < idleLimit
      let remaining = now.duration(to: limitedByDeadline ? exchange.deadline : idleLimit)
      guard remaining > .zero else { return .idleTimeout }
      var request = pollfd(fd: descriptor, events: events, revents: 0)
      let ready = poll(&request, 1, IdleTimeout.milliseconds(roundingUp: remaining))
      if ready > 0 { return .ready }
      if ready == 0 {
        // poll() may return a hair early; only a limit really reached counts.
        if ContinuousClock.now < (limitedByDeadline ? exchange.deadline : idleLimit) { continue }
        return limitedByDeadline ? .deadlinePassed : .idleTimeout
      }
      if errno == EINTR { continue }
      return .failed(errno)
    }
  }

  /// A short English reading of a socket error number (strerror is not
  /// thread-safe everywhere, so the common ones are spelled out here).
  static func describe(errno code: Int32) -> String {
    switch code {
    case ECONNREFUSED: "connection refused"
    case ECONNRESET: "connection reset by peer"
    case EPIPE: "broken pipe"
    case ETIMEDOUT: "timed out"
    case ENETUNREACH: "network unreachable"
    case EHOSTUNREACH: "no route to host"
    case EADDRNOTAVAIL: "address not available"
    case ECONNABORTED: "connection aborted"
    case ENOTCONN: "not connected"
    case EMFILE, ENFILE: "too many open files"
    default: "errno \(code)"
    }
  }
}
