/// An error of the distribution spec (`{"errors":[{"code","message","detail"}]}`),
/// paired with the HTTP status Gitea's container registry sends for it.
struct RegistryError: Error, Sendable, Equatable {
  /// The spec's error code, e.g. `MANIFEST_UNKNOWN`.
  let code: String
  var status: Int
  var message: String
  /// Extra context for the client, e.g. the digest that was missing.
  var detail: String?

  init(code: String, status: Int, message: String, detail: String? = nil) {
    self.code = code
    self.status = status
    self.message = message
    self.detail = detail
  }

  /// The same error with `detail` set.
  func detailing(_ detail: String) -> RegistryError {
    var copy = self
    copy.detail = detail
    return copy
  }

  /// The same error with another message.
  func saying(_ message: String) -> RegistryError {
    var copy = self
    copy.message = message
    return copy
  }

  /// The same error with another status.
  func withStatus(_ status: Int) -> RegistryError {
    var copy = self
    copy.status = status
    return copy
  }

  // The codes and statuses of Gitea's `routers/api/packages/container/errors.go`.

  static let blobUnknown = RegistryError(code: "BLOB_UNKNOWN", status: 404, message: "blob unknown to registry")
  static let blobUploadInvalid = RegistryError(
    code: "BLOB_UPLOAD_INVALID", status: 400, message: "blob upload invalid")
  static let blobUploadUnknown = RegistryError(
    code: "BLOB_UPLOAD_UNKNOWN", status: 404, message: "blob upload unknown to registry")
  static let digestInvalid = RegistryError(
    code: "DIGEST_INVALID", status: 400, message: "provided digest did not match uploaded content")
  static let manifestBlobUnknown = RegistryError(
    code: "MANIFEST_BLOB_UNKNOWN", status: 404, message: "blob unknown to registry")
  static let manifestInvalid = RegistryError(code: "MANIFEST_INVALID", status: 400, message: "manifest invalid")
  static let manifestUnknown = RegistryError(code: "MANIFEST_UNKNOWN", status: 404, message: "manifest unknown")
  static let nameInvalid = RegistryError(code: "NAME_INVALID", status: 400, message: "invalid repository name")
  static let nameUnknown = RegistryError(
    code: "NAME_UNKNOWN", status: 404, message: "repository name not known to registry")
  static let paginationNumberInvalid = RegistryError(
    code: "PAGINATION_NUMBER_INVALID", status: 400, message: "invalid number of results requested")
  static let sizeInvalid = RegistryError(
    code: "SIZE_INVALID", status: 400, message: "provided length did not match content length")
  static let unauthorized = RegistryError(code: "UNAUTHORIZED", status: 401, message: "authentication required")
  static let denied = RegistryError(
    code: "DENIED", status: 403, message: "requested access to the resource is denied")
  static let unsupported = RegistryError(code: "UNSUPPORTED", status: 405, message: "The operation is unsupported")
  static let storageFull = RegistryError(
    code: "DENIED", status: 507, message: "the fake registry's blob storage limit is reached")
}
