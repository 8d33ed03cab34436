import Synchronization

/// A thread-safe list that closures handed to the code under test append to
/// (progress callbacks, retry delays), read back by the test afterwards.
final class Recorder<Element: Sendable>: Sendable {
  private let items = Mutex<[Element]>([])

  func record(_ item: Element) {
    items.withLock { $0.append(item) }
  }

  var recorded: [Element] { items.withLock { $0 } }
}
