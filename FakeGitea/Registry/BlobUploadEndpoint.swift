import Foundation

/// Blob uploads: `POST /v2/{name}/blobs/uploads/` (monolithic with
/// `?digest=`, a cross-repository mount with `?mount=&from=`, or a new
/// session), then `PATCH` chunks, `PUT ?digest=` to finish, `GET` for the
/// session's progress and `DELETE` to abandon it.
enum BlobUploadEndpoint {
  static func start(
    _ exchange: RegistryExchange, repository: RegistryRepository, store: GiteaStore
  ) -> ServerResponse {
    if let mounted = mount(exchange, repository: repository, store: store) { return mounted }
    if let digest = exchange.query("digest") {
      let body = exchange.request.body
      guard OCIReference.isVerifiableSHA256(digest), ContentHashes.sha256Digest(of: body) == digest else {
        return exchange.failure(RegistryError.digestInvalid.detailing(digest))
      }
      do {
        try exchange.blobs.store(body, digest: digest, in: repository.key)
      } catch {
        return exchange.failure(error)
      }
      return created(repository: repository, digest: digest)
    }
    let session = exchange.blobs.startUpload(in: repository.key)
    return sessionAnswer(202, session, repository: repository)
  }

  static func respond(
    _ exchange: RegistryExchange, repository: RegistryRepository, uploadID: String
  ) -> ServerResponse {
    let blobs = exchange.blobs
    switch exchange.request.method {
    case "PATCH":
      var rangeStart: Int? = nil
      if let contentRange = exchange.request.header("Content-Range") {
        guard let start = parseRangeStart(contentRange) else {
          return exchange.failure(
            RegistryError.blobUploadInvalid.saying("Content-Range must look like <start>-<end>").detailing(contentRange)
          )
        }
        rangeStart = start
      }
      do {
        let session = try blobs.append(
          exchange.request.body, to: uploadID, in: repository.key, rangeStart: rangeStart)
        return sessionAnswer(202, session, repository: repository)
      } catch {
        return exchange.failure(error)
      }
    case "PUT":
      guard let digest = exchange.query("digest") else {
        return exchange.failure(RegistryError.digestInvalid.saying("a digest query parameter is required"))
      }
      do {
        try blobs.finishUpload(uploadID, in: repository.key, lastChunk: exchange.request.body, digest: digest)
      } catch {
        return exchange.failure(error)
      }
      return created(repository: repository, digest: digest)
    case "DELETE":
      guard blobs.cancelUpload(uploadID, in: repository.key) else {
        return exchange.failure(RegistryError.blobUploadUnknown.detailing(uploadID))
      }
      return RegistryResponses.empty(204)
    default:
      guard let session = blobs.upload(uploadID, in: repository.key) else {
        return exchange.failure(RegistryError.blobUploadUnknown.detailing(uploadID))
      }
      return sessionAnswer(204, session, repository: repository)
    }
  }

  /// `?mount=<digest>&from=<owner/image>`: links the blob when the source
  /// repository has it and the caller may read it; `nil` otherwise, so the
  /// caller falls back to an upload session as the spec asks.
  private static func mount(
    _ exchange: RegistryExchange, repository: RegistryRepository, store: GiteaStore
  ) -> ServerResponse? {
    guard let digest = exchange.query("mount"), let from = exchange.query("from")?.lowercased(),
      let slash = from.firstIndex(of: "/"),
      let sourceOwner = store.user(named: String(from[..<slash])),
      exchange.caller.refusal(toAccess: sourceOwner, forWrite: false, profile: exchange.context.profile) == nil
    else { return nil }
    let source = "\(sourceOwner.lowerLogin)/\(from[from.index(after: slash)...])"
    guard exchange.blobs.mount(digest, from: source, into: repository.key) else { return nil }
    return created(repository: repository, digest: digest)
  }

  private static func created(repository: RegistryRepository, digest: String) -> ServerResponse {
    RegistryResponses.empty(
      201,
      headers: [
        HeaderField("Location", "\(repository.routePrefix)/blobs/\(digest)"),
        HeaderField("Docker-Content-Digest", digest),
      ])
  }

  private static func sessionAnswer(
    _ status: Int, _ session: BlobUploadSession, repository: RegistryRepository
  ) -> ServerResponse {
    RegistryResponses.empty(
      status,
      headers: [
        HeaderField("Location", "\(repository.routePrefix)/blobs/uploads/\(session.id)"),
        HeaderField("Range", session.rangeHeader),
        HeaderField("Docker-Upload-UUID", session.id),
      ])
  }

  /// The start of `Content-Range: <start>-<end>` (an optional `bytes ` or
  /// `bytes=` prefix is tolerated).
  private static func parseRangeStart(_ value: String) -> Int? {
    var text = value.trimmingCharacters(in: .whitespaces)
    for prefix in ["bytes=", "bytes "] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
    let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]), start >= 0, end >= start - 1 else {
      return nil
    }
    return start
  }
}
