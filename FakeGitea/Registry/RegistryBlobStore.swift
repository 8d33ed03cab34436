import Foundation
import Synchronization

/// The blob side of the registry, kept beside the Gitea store (whose rows
/// have no room for bytes): blob contents by digest, which repositories
/// link each blob, and uploads in progress.
///
/// Contents are shared between repositories and dropped when the last
/// repository unlinks them. Everything held (contents and unfinished
/// uploads) counts against `capacity`.
final class RegistryBlobStore: Sendable {
  private struct State: Sendable {
    var contents: [String: StoredBlob] = [:]
    /// Digests linked to each `owner/image`.
    var links: [String: Set<String>] = [:]
    var uploads: [String: BlobUploadSession] = [:]
    var nextUploadNumber = 1
    var heldBytes = 0
  }

  /// The most bytes held at once.
  let capacity: Int
  private let state = Mutex(State())

  init(capacity: Int) {
    self.capacity = capacity
  }

  /// Bytes held in blobs and unfinished uploads.
  var heldBytes: Int { state.withLock { $0.heldBytes } }

  /// Digests linked to `repository`, sorted.
  func linkedDigests(in repository: String) -> [String] {
    state.withLock { ($0.links[repository] ?? []).sorted() }
  }

  // MARK: Blobs

  /// The bytes of `digest` when `repository` links it. The config blob of
  /// synthetic manifests is available everywhere.
  func blob(_ digest: String, in repository: String) -> Data? {
    if digest == SyntheticManifest.configDigest { return SyntheticManifest.configBytes }
    return state.withLock { state in
      state.links[repository]?.contains(digest) == true ? state.contents[digest]?.bytes : nil
    }
  }

  /// The file hashes of a linked blob, computed once.
  func hashes(of digest: String, in repository: String) -> ContentHashes? {
    if digest == SyntheticManifest.configDigest { return ContentHashes(of: SyntheticManifest.configBytes) }
    return state.withLock { state in
      guard state.links[repository]?.contains(digest) == true, let blob = state.contents[digest] else { return nil }
      if let hashes = blob.hashes { return hashes }
      let hashes = ContentHashes(of: blob.bytes)
      state.contents[digest]?.hashes = hashes
      return hashes
    }
  }

  /// Stores `bytes` (already verified to have `digest`) and links it to `repository`.
  func store(_ bytes: Data, digest: String, in repository: String) throws(RegistryError) {
    try state.withLock { state throws(RegistryError) in
      if state.contents[digest] == nil {
        guard state.heldBytes + bytes.count <= capacity else { throw RegistryError.storageFull }
        state.contents[digest] = StoredBlob(bytes: bytes)
        state.heldBytes += bytes.count
      }
      state.links[repository, default: []].insert(digest)
    }
  }

  /// Links a blob that `source` links to `target` as well (a cross-repository
  /// mount). Returns `false` when `source` does not link it.
  func mount(_ digest: String, from source: String, into target: String) -> Bool {
    state.withLock { state in
      guard state.links[source]?.contains(digest) == true, state.contents[digest] != nil else { return false }
      state.links[target, default: []].insert(digest)
      return true
    }
  }

  /// Removes `digest` from `repository`; the bytes go when no repository
  /// links them any more. Returns `false` when it was not linked.
  func unlink(_ digest: String, from repository: String) -> Bool {
    state.withLock { state in
      guard state.links[repository]?.remove(digest) != nil else { return false }
      if state.links[repository]?.isEmpty == true { state.links[repository] = nil }
      let stillLinked = state.links.values.contains { $0.contains(digest) }
      if !stillLinked, let removed = state.contents.removeValue(forKey: digest) {
        state.heldBytes -= removed.bytes.count
      }
      return true
    }
  }

  // MARK: Uploads

  /// Opens an upload session for `repository`. Ids are numbered, shaped
  /// like UUIDs, so runs are repeatable.
  func startUpload(in repository: String) -> BlobUploadSession {
    state.withLock { state in
      let number = state.nextUploadNumber
      state.nextUploadNumber += 1
      let suffix = String(number, radix: 16)
      let id = "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - suffix.count)) + suffix
      let session = BlobUploadSession(id: id, repository: repository, bytes: Data())
      state.uploads[id] = session
      return session
    }
  }

  /// The session `id` if it belongs to `repository`.
  func upload(_ id: String, in repository: String) -> BlobUploadSession? {
    state.withLock { state in
      state.uploads[id].flatMap { $0.repository == repository ? $0 : nil }
    }
  }

  /// Appends a chunk. With `rangeStart` (from `Content-Range`) the chunk
  /// must continue exactly where the upload stands; without it only the
  /// first write is accepted, as in Gitea.
  func append(_ chunk: Data, to id: String, in repository: String, rangeStart: Int?) throws(RegistryError)
    -> BlobUploadSession
  {
    try state.withLock { state throws(RegistryError) -> BlobUploadSession in
      guard var session = state.uploads[id], session.repository == repository else {
        throw RegistryError.blobUploadUnknown
      }
      if let rangeStart {
        guard rangeStart == session.bytes.count else {
          throw RegistryError.blobUploadInvalid.withStatus(416).saying(
            "chunk starts at \(rangeStart) but the upload holds \(session.bytes.count) bytes")
        }
      } else if !session.bytes.isEmpty && !chunk.isEmpty {
        throw RegistryError.blobUploadInvalid.saying(
          "stream uploads after the first write need a Content-Range header")
      }
      guard state.heldBytes + chunk.count <= capacity else { throw RegistryError.storageFull }
      session.bytes.append(chunk)
      state.heldBytes += chunk.count
      state.uploads[id] = session
      return session
    }
  }

  /// Appends a last chunk, checks the whole upload against `digest`, and on
  /// success turns it into a blob linked to the repository. A digest that
  /// does not match leaves the session open, as in Gitea.
  func finishUpload(_ id: String, in repository: String, lastChunk: Data, digest: String) throws(RegistryError) {
    try state.withLock { state throws(RegistryError) in
      guard var session = state.uploads[id], session.repository == repository else {
        throw RegistryError.blobUploadUnknown
      }
      guard state.heldBytes + lastChunk.count <= capacity else { throw RegistryError.storageFull }
      session.bytes.append(lastChunk)
      state.heldBytes += lastChunk.count
      state.uploads[id] = session
      guard OCIReference.isVerifiableSHA256(digest), ContentHashes.sha256Digest(of: session.bytes) == digest else {
        throw RegistryError.digestInvalid.detailing(digest)
      }
      state.uploads[id] = nil
      state.heldBytes -= session.bytes.count
      if state.contents[digest] == nil {
        state.contents[digest] = StoredBlob(bytes: session.bytes)
        state.heldBytes += session.bytes.count
      }
      state.links[repository, default: []].insert(digest)
    }
  }

  /// Abandons an upload. Returns `false` when there was none.
  func cancelUpload(_ id: String, in repository: String) -> Bool {
    state.withLock { state in
      guard let session = state.uploads[id], session.repository == repository else { return false }
      state.uploads[id] = nil
      state.heldBytes -= session.bytes.count
      return true
    }
  }
}
