import Foundation

@testable import RegistryGC

/// One thing the randomized test makes the server do wrong. Listing faults
/// act only on the first listing (before any DELETE); the relisting that
/// confirms 404s has its own fault.
enum InjectedFault: Sendable, Equatable, CustomStringConvertible {
  /// A broken answer that is not worth retrying.
  enum BadAnswer: Sendable, Equatable, CaseIterable {
    case serverError, plainNotFound, unauthorized, proxyForbidden, notJSON, jsonObject

    var response: HTTPResponse {
      switch self {
      case .serverError: ModelGiteaTransport.json(500, ["message": ""])
      case .plainNotFound: ModelGiteaTransport.plainText(404, "404 page not found\n")
      case .unauthorized: ModelGiteaTransport.json(401, ["message": "token is required"])
      case .proxyForbidden: ModelGiteaTransport.html(403, title: "Attention Required! | Cloudflare")
      case .notJSON: ModelGiteaTransport.plainText(200, "<html><body>maintenance</body></html>")
      case .jsonObject: ModelGiteaTransport.json(200, ["message": "ok"])
      }
    }
  }

  /// How a manifest read goes wrong.
  enum BadManifest: Sendable, Equatable, CaseIterable {
    case serverError, notFound, notJSON, invalidChild, noAnswer
  }

  // Listing
  case listAnswer(page: Int, BadAnswer)
  case listNoAnswer(page: Int, transient: Bool)
  case listUnavailableOnce(page: Int)
  case listDroppedPage(page: Int)
  case listTruncatedPage(page: Int)
  case listRepeatedPage(page: Int)
  case totalTooHigh(by: Int)
  case totalTooLow(by: Int)
  case totalChanges(page: Int)
  case totalMissing
  case relistFails
  // References
  case tokenRefused
  case manifestBroken(tag: String, BadManifest)
  case manifestUnavailableOnce(tag: String)
  // Deletions
  case deleteServerError(version: String)
  case deleteBadGateway(version: String)
  case deleteNotFoundStillListed(version: String)
  case deleteAlreadyGone(version: String)
  case deleteNoAnswer(version: String)
  case deleteUnavailableOnce(version: String)
  case deleteAnswerLost(version: String)

  var description: String {
    switch self {
    case .listAnswer(let page, let answer): "list page \(page): \(answer)"
    case .listNoAnswer(let page, let transient):
      "list page \(page): no answer (\(transient ? "connection lost" : "refused"))"
    case .listUnavailableOnce(let page): "list page \(page): 503 once"
    case .listDroppedPage(let page): "list page \(page): dropped"
    case .listTruncatedPage(let page): "list page \(page): last row dropped"
    case .listRepeatedPage(let page): "list page \(page): repeats page \(page - 1)"
    case .totalTooHigh(let by): "X-Total-Count +\(by)"
    case .totalTooLow(let by): "X-Total-Count -\(by)"
    case .totalChanges(let page): "X-Total-Count changes on page \(page)"
    case .totalMissing: "no X-Total-Count"
    case .relistFails: "relisting fails"
    case .tokenRefused: "pull token refused"
    case .manifestBroken(let tag, let how): "manifest \(tag): \(how)"
    case .manifestUnavailableOnce(let tag): "manifest \(tag): 503 once"
    case .deleteServerError(let version): "DELETE \(version): 500"
    case .deleteBadGateway(let version): "DELETE \(version): 502 always"
    case .deleteNotFoundStillListed(let version): "DELETE \(version): 404, still listed"
    case .deleteAlreadyGone(let version): "DELETE \(version): deleted by someone else first"
    case .deleteNoAnswer(let version): "DELETE \(version): connection refused"
    case .deleteUnavailableOnce(let version): "DELETE \(version): 503 once"
    case .deleteAnswerLost(let version): "DELETE \(version): deleted, answer lost once"
    }
  }

  /// Whether the fault, once served, must make the first listing fail
  /// (`nil`: it may or may not, as for a total that is too low).
  func abortsListing(attempts: Int) -> Bool? {
    switch self {
    case .listAnswer, .listNoAnswer, .listRepeatedPage, .totalTooHigh, .totalChanges: true
    case .listDroppedPage, .listTruncatedPage: true  // recorded only when the page had rows
    case .listUnavailableOnce: attempts == 1
    case .totalTooLow: nil
    default: false
    }
  }

  /// Whether the fault, once served, makes reading references fail.
  func breaksReferences(attempts: Int) -> Bool {
    switch self {
    case .tokenRefused, .manifestBroken: true
    case .manifestUnavailableOnce: attempts == 1
    default: false
    }
  }

  /// Whether the fault, once served, makes its deletion end as failed.
  func failsDeletion(attempts: Int, relistFails: Bool) -> Bool {
    switch self {
    case .deleteServerError, .deleteBadGateway, .deleteNotFoundStillListed, .deleteNoAnswer: true
    case .deleteAlreadyGone: relistFails
    case .deleteUnavailableOnce: attempts == 1
    case .deleteAnswerLost: attempts == 1 || relistFails
    default: false
    }
  }
}
