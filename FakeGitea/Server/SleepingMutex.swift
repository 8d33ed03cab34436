import Glibc

/// A lock around a value whose waiters go to sleep at once instead of spinning.
///
/// Used in place of `Synchronization.Mutex` for the state every request
/// touches. On Linux that `Mutex` spins for a long while before it blocks on a
/// priority-inheritance futex. The server runs one thread per connection, so
/// under load there are many more runnable threads than cores and the holder
/// of the lock is often not running: the spinning then takes the CPU the
/// holder needs (a fifth of the server's time under `wrk` with 16 connections
/// on 2 cores). A default glibc mutex sleeps on a plain futex straight away.
final class SleepingMutex<Value: Sendable>: @unchecked Sendable {
  // Both live at fixed addresses, as pthread mutexes must; the value sits
  // behind a pointer too, so reaching it costs no exclusivity check.
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private let value: UnsafeMutablePointer<Value>

  init(_ initialValue: Value) {
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
    value = .allocate(capacity: 1)
    value.initialize(to: initialValue)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deinitialize(count: 1)
    mutex.deallocate()
    value.deinitialize(count: 1)
    value.deallocate()
  }

  /// Runs `body` with exclusive access to the value. Not reentrant.
  func withLock<Result, Failure: Error>(
    _ body: (inout Value) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body(&value.pointee)
  }
}
