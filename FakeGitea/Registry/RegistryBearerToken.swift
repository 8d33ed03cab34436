import Foundation

/// A bearer token issued by `GET /v2/token`. Nothing is stored: the token
/// carries who it was issued to and a signature over that, so the registry
/// recognises its own tokens (as Gitea does with its JWTs) and rejects
/// altered or expired ones.
///
/// Text form: `gtr.<base64url payload>.<hex signature>`, where the payload is
/// `{"sub":…,"scopes":…,"iat":…,"exp":…}` and the signature is the SHA-256
/// of the signing key, a dot, and the encoded payload.
struct RegistryBearerToken: Sendable, Equatable {
  /// Who the token speaks for.
  enum Subject: Sendable, Equatable {
    /// Gitea's Ghost user: anonymous pulls of public owners.
    case ghost
    case user(id: Int64)
  }

  /// How long a token is valid, as Gitea's `CreateAuthorizationToken` (24 h).
  static let lifetimeSeconds: Int64 = 86_400
  private static let prefix = "gtr."

  var subject: Subject
  /// Scopes of the access token the client signed in with; `nil` when not
  /// limited (a password login or the Ghost user).
  var scopes: [String]?
  var issuedAt: Int64
  var expiresAt: Int64

  init(subject: Subject, scopes: [String]?, issuedAt: Int64) {
    self.subject = subject
    self.scopes = scopes
    self.issuedAt = issuedAt
    self.expiresAt = issuedAt + Self.lifetimeSeconds
  }

  /// The token as sent to clients.
  func encoded(signingKey: String) -> String {
    let subjectText: String =
      switch subject {
      case .ghost: "ghost"
      case .user(let id): "user:\(id)"
      }
    let payload = GoJSON.object([
      ("sub", .string(subjectText)),
      ("scopes", scopes.map { .array($0.map(GoJSON.string)) } ?? .null),
      ("iat", .integer(issuedAt)),
      ("exp", .integer(expiresAt)),
    ])
    let encodedPayload = Self.base64URL(Data(payload.encoded.utf8))
    return Self.prefix + encodedPayload + "." + Self.signature(of: encodedPayload, signingKey: signingKey)
  }

  /// The token `text` stands for, or `nil` when it is not one of ours, was
  /// altered, or has expired at `now`.
  static func decode(_ text: String, signingKey: String, now: Int64) -> RegistryBearerToken? {
    guard text.hasPrefix(prefix) else { return nil }
    let parts = text.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, String(parts[1]) == signature(of: String(parts[0]), signingKey: signingKey),
      let payload = dataFromBase64URL(String(parts[0])),
      let object = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any],
      let subjectText = object["sub"] as? String,
      let issuedAt = (object["iat"] as? NSNumber)?.int64Value,
      let expiresAt = (object["exp"] as? NSNumber)?.int64Value
    else { return nil }
    let subject: Subject
    if subjectText == "ghost" {
      subject = .ghost
    } else if subjectText.hasPrefix("user:"), let id = Int64(subjectText.dropFirst("user:".count)) {
      subject = .user(id: id)
    } else {
      return nil
    }
    guard now < expiresAt else { return nil }
    var token = RegistryBearerToken(subject: subject, scopes: object["scopes"] as? [String], issuedAt: issuedAt)
    token.expiresAt = expiresAt
    return token
  }

  private static func signature(of encodedPayload: String, signingKey: String) -> String {
    SHA256.hexDigest(Data((signingKey + "." + encodedPayload).utf8))
  }

  private static func base64URL(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  private static func dataFromBase64URL(_ text: String) -> Data? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    return Data(base64Encoded: base64)
  }
}
