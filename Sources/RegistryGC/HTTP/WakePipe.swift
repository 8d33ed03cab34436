import Glibc

/// A pipe that one thread polls and others write a byte to, to wake it from
/// `poll()`. Both ends are non-blocking; the descriptors close when the last
/// reference goes, so a late ``signal()`` can never write to a descriptor
/// number that has been reused.
final class WakePipe: Sendable {
  let readFD: Int32
  let writeFD: Int32

  /// Opens the pipe, or returns nil when the process is out of descriptors.
  init?() {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return nil }
    for fd in fds {
      // Glibc's module does not export pipe2(): set the flags afterwards.
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }
    readFD = fds[0]
    writeFD = fds[1]
  }

  deinit {
    _ = close(readFD)
    _ = close(writeFD)
  }

  /// Makes the read end readable. A full pipe is already readable enough.
  func signal() {
    var byte: UInt8 = 1
    _ = write(writeFD, &byte, 1)
  }

  /// Empties the read end, so the next `poll()` waits again.
  func drain() {
    var bytes = (UInt64(0), UInt64(0))
    while withUnsafeMutableBytes(of: &bytes, { read(readFD, $0.baseAddress, $0.count) }) > 0 {}
  }
}
