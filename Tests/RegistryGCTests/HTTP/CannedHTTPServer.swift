import Foundation
import Glibc
import Synchronization

/// A tiny TCP server on 127.0.0.1 that answers each request head it reads
/// with the next of a list of raw replies, byte for byte: for framings the
/// fake's server never produces (chunked bodies, HTTP/1.0 bodies that run
/// until close). One thread serves the connections one after another.
final class CannedHTTPServer: Sendable {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  let port: UInt16
  private let listenFD: Int32
  private let state: Mutex<State>
  private let finished = DispatchSemaphore(value: 0)

  private struct State {
    var replies: [String]
    var acceptedConnections = 0
    var requestHeads: [String] = []
    /// The connection being served, so that stop() can shut it down.
    var servingFD: Int32 = -1
    var isStopped = false
  }

  /// Connections `accept()` returned so far.
  var acceptedConnections: Int { state.withLock { $0.acceptedConnections } }
  /// The request heads received, in order.
  var requestHeads: [String] { state.withLock { $0.requestHeads } }

  /// Starts listening on a free port.
  /// - Parameters:
  ///   - replies: the raw bytes to answer each request with, in order; once
  ///     they run out, connections are closed without an answer.
  ///   - closeAfterEachReply: close the connection after every reply.
  init(replies: [String], closeAfterEachReply: Bool) throws {
    signal(SIGPIPE, SIG_IGN)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard bound == 0, listen(fd, 16) == 0, named == 0 else {
      close(fd)
      throw Failure(description: "cannot listen on 127.0.0.1: errno \(errno)")
    }
    listenFD = fd
    port = UInt16(bigEndian: address.sin_port)
    state = Mutex(State(replies: replies))
    let thread = Thread { [self] in
      serve(closeAfterEachReply: closeAfterEachReply)
      finished.signal()
    }
    thread.start()
  }

  /// Stops accepting, drops the connection being served and waits for the thread.
  func stop() {
    let wasRunning = state.withLock { state -> Bool in
      guard !state.isStopped else { return false }
      state.isStopped = true
      _ = shutdown(listenFD, Int32(SHUT_RDWR))
      if state.servingFD >= 0 { _ = shutdown(state.servingFD, Int32(SHUT_RDWR)) }
      return true
    }
    guard wasRunning else { return }
    finished.wait()
    close(listenFD)
  }

  private func serve(closeAfterEachReply: Bool) {
    while true {
      let connection = accept(listenFD, nil, nil)
      guard connection >= 0 else { return }
      let admitted = state.withLock { state -> Bool in
        state.acceptedConnections += 1
        guard !state.isStopped else { return false }
        state.servingFD = connection
        return true
      }
      if admitted { answer(on: connection, closeAfterEachReply: closeAfterEachReply) }
      state.withLock { $0.servingFD = -1 }
      close(connection)
    }
  }

  /// Reads request heads and writes replies until one side closes.
  private func answer(on connection: Int32, closeAfterEachReply: Bool) {
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let terminator = Array("\r\n\r\n".utf8)
      var headEnd: Int?
      if received.count >= 4 {
        for index in 0...(received.count - 4) where Array(received[index..<(index + 4)]) == terminator {
          headEnd = index + 4
          break
        }
      }
      guard let end = headEnd else {
        let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return }
        received.append(contentsOf: chunk[0..<count])
        continue
      }
      let head = String(decoding: received[0..<end], as: UTF8.self)
      received.removeFirst(end)
      let reply = state.withLock { state -> String? in
        state.requestHeads.append(head)
        return state.replies.isEmpty ? nil : state.replies.removeFirst()
      }
      guard let reply else { return }
      let bytes = Array(reply.utf8)
      let sent = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard sent == bytes.count, !closeAfterEachReply else { return }
    }
  }
}
