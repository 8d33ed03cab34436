import Foundation

/// A blob upload in progress: which repository started it and the bytes
/// received so far.
struct BlobUploadSession: Sendable, Equatable {
  let id: String
  /// `owner/image`, lower-cased.
  let repository: String
  var bytes: Data

  /// The `Range` header value: `0-<last byte>` (`0-0` before the first byte).
  var rangeHeader: String { "0-\(max(0, bytes.count - 1))" }
}
