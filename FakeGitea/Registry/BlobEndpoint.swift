import Foundation

/// `GET|HEAD|DELETE /v2/{owner}/{image}/blobs/{digest}`.
enum BlobEndpoint {
  static func respond(_ exchange: RegistryExchange, repository: RegistryRepository, digest: String) -> ServerResponse {
    if exchange.request.method == "DELETE" {
      guard OCIReference.isDigest(digest), exchange.blobs.unlink(digest, from: repository.key) else {
        return exchange.failure(RegistryError.blobUnknown.detailing(digest))
      }
      return RegistryResponses.empty(202)
    }
    guard OCIReference.isDigest(digest), let bytes = exchange.blobs.blob(digest, in: repository.key) else {
      return exchange.failure(RegistryError.blobUnknown.detailing(digest))
    }
    return RegistryResponses.content(bytes, contentType: "application/octet-stream", digest: digest)
  }
}
