/// A reference from a manifest to a blob or to another manifest.
struct ContentDescriptor: Sendable, Equatable {
  var mediaType: String
  var digest: String
  var size: Int64
}
