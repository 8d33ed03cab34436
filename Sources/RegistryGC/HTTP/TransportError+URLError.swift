import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

extension TransportError {
  /// Maps an error URLSession reported for `request` to a ``TransportError``.
  ///
  /// The message names the method, host and path (through
  /// ``HTTPRequest/logDescription``) and the numeric code, never a header or
  /// the platform's own description, which can repeat the full URL.
  static func fromURLSession(_ error: any Error, request: HTTPRequest, idleTimeoutSeconds: Int) -> TransportError {
    let nsError = error as NSError
    let label = request.logDescription
    guard nsError.domain == NSURLErrorDomain else {
      return TransportError(.other, "\(label): request failed (\(nsError.domain) \(nsError.code))")
    }
    let code = nsError.code
    let host = hostAndPort(of: request.url)
    switch code {
    case NSURLErrorTimedOut:
      return TransportError(
        .timedOut,
        "\(label): no data from the server for \(idleTimeoutSeconds) s (idle timeout, URLError \(code))")
    case NSURLErrorNetworkConnectionLost, NSURLErrorUnknown:
      return TransportError(
        .connectionLost, "\(label): the connection was lost before a whole response arrived (URLError \(code))")
    case NSURLErrorBadServerResponse:
      // What libcurl's "empty reply from server" becomes: closed without a byte.
      return TransportError(
        .connectionLost, "\(label): the server closed the connection without answering (URLError \(code))")
    case NSURLErrorUnsupportedURL, NSURLErrorCannotParseResponse,
      NSURLErrorCannotDecodeRawData, NSURLErrorCannotDecodeContentData:
      // libcurl reports bytes that are not HTTP as "unsupported protocol" (-1002).
      return TransportError(.malformedResponse, "\(label): the server's answer is not valid HTTP (URLError \(code))")
    case NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed,
      NSURLErrorNotConnectedToInternet:
      return TransportError(
        .cannotConnect,
        "\(label): cannot connect to \(host) (URLError \(code)); check the URL and that the server is up")
    case NSURLErrorCancelled:
      return TransportError(.cancelled, "\(label): cancelled (URLError \(code))")
    case NSURLErrorBadURL:
      return TransportError(.other, "\(label): the URL is not valid (URLError \(code))")
    case NSURLErrorHTTPTooManyRedirects:
      return TransportError(.other, "\(label): too many redirects (URLError \(code))")
    case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted,
      NSURLErrorServerCertificateHasBadDate, NSURLErrorServerCertificateNotYetValid,
      NSURLErrorServerCertificateHasUnknownRoot, NSURLErrorClientCertificateRejected:
      return TransportError(.other, "\(label): the TLS connection to \(host) failed (URLError \(code))")
    default:
      return TransportError(.other, "\(label): request failed (URLError \(code))")
    }
  }

  private static func hostAndPort(of url: URL) -> String {
    let host = url.host ?? "<no host>"
    return url.port.map { "\(host):\($0)" } ?? host
  }
}
