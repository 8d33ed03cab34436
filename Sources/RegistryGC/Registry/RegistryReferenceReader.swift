import Foundation

/// Reads which digests the image indexes of some tags reference.
public protocol ManifestReferenceReader: Sendable {
  /// For each of `keptTags`, the digests its manifest references (empty for
  /// a plain image manifest); `.unknown` with a reason as soon as one cannot
  /// be read, or when the registry knows tags that are not in `listedTags`
  /// (the package listing then missed rows, and a kept tag's children could
  /// be among the digests about to go).
  func references(owner: String, image: String, keptTags: [String], listedTags: Set<String>) async -> ReferenceStatus
}

/// Reads references through the OCI registry API that Gitea serves at `/v2`:
/// a pull token from `/v2/token` (the GC's token as the basic-auth password),
/// then `GET /v2/{owner}/{image}/manifests/{tag}` for each tag.
///
/// The token endpoint is asked directly rather than after a 401 from `/v2/`,
/// because URLSession on Swift 6.3.1 can hang on a 401 that carries
/// `WWW-Authenticate`.
public struct RegistryReferenceReader: ManifestReferenceReader {
  public var baseURL: URL
  public var token: Secret?
  public var userAgent: String
  public var transport: any HTTPTransport
  public var concurrency: Int

  public static let acceptedMediaTypes = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
  ]
  static let indexMediaTypes: Set<String> = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
  ]

  public init(baseURL: URL, token: Secret?, userAgent: String, transport: any HTTPTransport, concurrency: Int = 4) {
    self.baseURL = baseURL
    self.token = token
    self.userAgent = userAgent
    self.transport = transport
    self.concurrency = max(1, concurrency)
  }

  public func references(owner: String, image: String, keptTags tags: [String], listedTags: Set<String>) async
    -> ReferenceStatus
  {
    let repository = "\(owner.lowercased())/\(image.lowercased())"
    let bearer: String
    switch await pullToken(repository: repository) {
    case .success(let value): bearer = value
    case .failure(let reason): return .unknown(reason.message)
    }
    var map: [String: [String]] = [:]
    var failure: String?
    await withTaskGroup(of: (String, Result<[String], ReadFailure>).self) { group in
      var pending = tags[...]
      func startNext() {
        guard let tag = pending.popFirst() else { return }
        group.addTask { (tag, await self.manifestChildren(repository: repository, tag: tag, bearer: bearer)) }
      }
      for _ in 0..<concurrency { startNext() }
      for await (tag, result) in group {
        switch result {
        case .success(let children): map[tag] = children
        case .failure(let reason): failure = failure ?? reason.message
        }
        if failure == nil { startNext() }
      }
    }
    if let failure { return .unknown(failure) }
    switch await registryTags(repository: repository, bearer: bearer) {
    case .failure(let reason):
      return .unknown(reason.message)
    case .success(let registryTags):
      let listed = Set(listedTags.map { $0.lowercased() })
      let missing = registryTags.filter { !listed.contains($0.lowercased()) }.sorted()
      guard missing.isEmpty else {
        let names = missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
        return .unknown(
          "the registry has \(missing.count) tag(s) the package listing did not return (\(names)), so the listing is incomplete")
      }
    }
    return .known(map)
  }

  /// Every tag of the repository, from `/v2/{repository}/tags/list`, page by
  /// page (`n` and `last`), as a cross-check of the REST listing.
  private func registryTags(repository: String, bearer: String) async -> Result<[String], ReadFailure> {
    var tags: [String] = []
    var last: String?
    for _ in 0..<10_000 {
      var path = "/v2/\(repository)/tags/list?n=1000"
      if let last { path += "&last=\(PercentEncoding.encode(last))" }
      let request = HTTPRequest(
        method: "GET", url: url(path),
        headers: ["User-Agent": userAgent, "Accept": "application/json", "Authorization": "Bearer \(bearer)"])
      let response: HTTPResponse
      do {
        response = try await transport.send(request)
      } catch {
        return .failure(ReadFailure(message: "the registry's tag list got no answer: \(error.message)"))
      }
      guard response.status == 200,
        let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
      else {
        return .failure(ReadFailure(message: "the registry's tag list could not be read (HTTP \(response.status))"))
      }
      let page = (object["tags"] as? [String]) ?? []
      tags += page
      guard response.headers["Link"]?.contains("rel=\"next\"") == true, let final = page.last, final != last else {
        return .success(tags)
      }
      last = final
    }
    return .failure(ReadFailure(message: "the registry's tag list did not end"))
  }

  struct ReadFailure: Error {
    var message: String
  }

  private func url(_ pathAndQuery: String) -> URL {
    baseURL.appendingRawPath(pathAndQuery)
  }

  private func pullToken(repository: String) async -> Result<String, ReadFailure> {
    let scope = PercentEncoding.encode("repository:\(repository):pull")
    var request = HTTPRequest(
      method: "GET", url: url("/v2/token?service=container_registry&scope=\(scope)"),
      headers: ["User-Agent": userAgent, "Accept": "application/json"])
    if let token {
      let basic = Data("registry-gc:\(token.value)".utf8).base64EncodedString()
      request.headers["Authorization"] = "Basic \(basic)"
    }
    let response: HTTPResponse
    do {
      response = try await transport.send(request)
    } catch {
      return .failure(ReadFailure(message: "the registry token request got no answer: \(error.message)"))
    }
    guard response.status == 200,
      let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
      let value = (object["token"] as? String) ?? (object["access_token"] as? String), !value.isEmpty
    else {
      return .failure(ReadFailure(message: "the registry refused a pull token for \(repository) (HTTP \(response.status))"))
    }
    return .success(value)
  }

  private func manifestChildren(repository: String, tag: String, bearer: String) async -> Result<[String], ReadFailure> {
    let request = HTTPRequest(
      method: "GET", url: url("/v2/\(repository)/manifests/\(PercentEncoding.encode(tag))"),
      headers: [
        "User-Agent": userAgent, "Accept": Self.acceptedMediaTypes.joined(separator: ", "),
        "Authorization": "Bearer \(bearer)",
      ])
    let response: HTTPResponse
    do {
      response = try await transport.send(request)
    } catch {
      return .failure(ReadFailure(message: "reading the manifest of \(tag) got no answer: \(error.message)"))
    }
    guard response.status == 200 else {
      return .failure(ReadFailure(message: "the manifest of \(tag) could not be read (HTTP \(response.status))"))
    }
    guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
      return .failure(ReadFailure(message: "the manifest of \(tag) is not JSON"))
    }
    let headerType = response.headers["Content-Type"]?.split(separator: ";").first.map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let mediaType = (object["mediaType"] as? String) ?? headerType ?? ""
    let listed = object["manifests"] as? [[String: Any]]
    guard Self.indexMediaTypes.contains(mediaType) || (mediaType.isEmpty && listed != nil) else {
      return .success([])
    }
    var children: [String] = []
    for child in listed ?? [] {
      guard let digest = child["digest"] as? String, Digest.isValid(digest) else {
        return .failure(ReadFailure(message: "the image index of \(tag) lists a child without a valid digest"))
      }
      children.append(digest)
    }
    return .success(children)
  }
}
