import Foundation
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The session-level delegate of ``URLSessionTransport``: passes each task's
/// events to its ``PendingExchange``, refuses authentication challenges and
/// applies the ``RedirectPolicy``.
///
/// Challenges must be answered by a *session* delegate of a delegate-driven
/// task: on Swift 6.3.1 Linux, a task made with a completion handler or
/// `data(for:)` never consults a delegate about a 401 carrying
/// `WWW-Authenticate: Basic realm=...` and hangs forever.
final class URLSessionEventRouter: NSObject, URLSessionDataDelegate, Sendable {
  private let exchanges = Mutex<[Int: PendingExchange]>([:])
  private let redirectPolicy: RedirectPolicy

  init(redirectPolicy: RedirectPolicy) {
    self.redirectPolicy = redirectPolicy
  }

  func register(_ exchange: PendingExchange, for taskIdentifier: Int) {
    exchanges.withLock { $0[taskIdentifier] = exchange }
  }

  func unregister(_ taskIdentifier: Int) {
    _ = exchanges.withLock { $0.removeValue(forKey: taskIdentifier) }
  }

  private func exchange(for task: URLSessionTask) -> PendingExchange? {
    exchanges.withLock { $0[task.taskIdentifier] }
  }

  func urlSession(
    _ session: URLSession,
    dataTask: URLSessionDataTask,
    didReceive response: URLResponse,
    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
  ) {
    if let response = response as? HTTPURLResponse {
      exchange(for: dataTask)?.record(response: response)
    }
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    exchange(for: dataTask)?.append(data)
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    let exchange = exchanges.withLock { $0.removeValue(forKey: task.taskIdentifier) }
    exchange?.complete(error: error)
  }

  func urlSession(
    _ session: URLSession,
    task: URLSessionTask,
    didReceive challenge: URLAuthenticationChallenge,
    completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
  ) {
    #if !canImport(FoundationNetworking)
      // Certificate checks stay with the platform (they reach this method on Darwin).
      if challenge.protectionSpace.authenticationMethod == NSURLAuthenticationMethodServerTrust {
        completionHandler(.performDefaultHandling, nil)
        return
      }
    #endif
    exchange(for: task)?.challenged(failureResponse: challenge.failureResponse)
    completionHandler(.cancelAuthenticationChallenge, nil)
  }

  func urlSession(
    _ session: URLSession,
    task: URLSessionTask,
    willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest,
    completionHandler: @escaping @Sendable (URLRequest?) -> Void
  ) {
    guard let origin = task.originalRequest?.url, let target = request.url else {
      completionHandler(nil)
      return
    }
    let method = task.originalRequest?.httpMethod ?? "GET"
    completionHandler(redirectPolicy.allows(method: method, from: origin, to: target) ? request : nil)
  }
}
