import Foundation
import Testing

@testable import RegistryGC

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

@Suite("URLError to TransportError")
struct URLErrorMappingTests {
  static let request = HTTPRequest(
    method: "DELETE",
    url: URL(string: "https://gitea.example:3000/api/v1/packages/o/container/app/1.0?token=abc")!,
    headers: ["Authorization": "token abc"])

  @Test(arguments: [
    (NSURLErrorTimedOut, TransportError.Kind.timedOut),
    (NSURLErrorNetworkConnectionLost, .connectionLost),
    (NSURLErrorUnknown, .connectionLost),
    (NSURLErrorUnsupportedURL, .malformedResponse),
    (NSURLErrorBadServerResponse, .connectionLost),
    (NSURLErrorCannotParseResponse, .malformedResponse),
    (NSURLErrorCannotConnectToHost, .cannotConnect),
    (NSURLErrorCannotFindHost, .cannotConnect),
    (NSURLErrorDNSLookupFailed, .cannotConnect),
    (NSURLErrorCancelled, .cancelled),
    (NSURLErrorSecureConnectionFailed, .other),
    (NSURLErrorHTTPTooManyRedirects, .other),
  ])
  func mapsCodesToKinds(code: Int, kind: TransportError.Kind) {
    let error = TransportError.fromURLSession(
      NSError(domain: NSURLErrorDomain, code: code), request: Self.request, idleTimeoutSeconds: 7)
    #expect(error.kind == kind)
    #expect(
      error.message.hasPrefix("DELETE https://gitea.example:3000/api/v1/packages/o/container/app/1.0?token=REDACTED: "))
    #expect(error.message.contains("\(code)"))
    #expect(!error.message.contains("abc"))
  }

  @Test func timeoutsSayWhichTimeout() {
    let error = TransportError.fromURLSession(
      NSError(domain: NSURLErrorDomain, code: NSURLErrorTimedOut), request: Self.request, idleTimeoutSeconds: 7)
    #expect(
      error.message
        == "DELETE https://gitea.example:3000/api/v1/packages/o/container/app/1.0?token=REDACTED: no data from the server for 7 s (idle timeout, URLError -1001)"
    )
  }

  @Test func errorsFromOtherDomainsAreOther() {
    let error = TransportError.fromURLSession(
      NSError(domain: NSCocoaErrorDomain, code: 3072), request: Self.request, idleTimeoutSeconds: 7)
    #expect(error.kind == .other)
    #expect(error.message.hasSuffix("request failed (NSCocoaErrorDomain 3072)"))
  }
}
