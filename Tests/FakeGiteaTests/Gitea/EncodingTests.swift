import Foundation
import Testing

@testable import FakeGitea

@Suite("Hashes, Go formatting and pattern helpers")
struct EncodingTests {
  struct Vector: Sendable, CustomTestStringConvertible {
    let data: Data
    let md5: String
    let sha1: String
    let sha256: String
    let sha512: String
    var testDescription: String { "\(data.count) bytes" }
  }

  static let vectors: [Vector] = [
    Vector(
      data: Data(), md5: "d41d8cd98f00b204e9800998ecf8427e", sha1: "da39a3ee5e6b4b0d3255bfef95601890afd80709",
      sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      sha512:
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
    ),
    Vector(
      data: Data("abc".utf8), md5: "900150983cd24fb0d6963f7d28e17f72",
      sha1: "a9993e364706816aba3e25717850c26c9cd0d89d",
      sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      sha512:
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
    ),
    Vector(
      data: Data(repeating: UInt8(ascii: "a"), count: 1000), md5: "cabe45dcc9ae5b66ba86600cca6b8ba8",
      sha1: "291e9a6c66994949b57ba5e650361e98fc36b1ba",
      sha256: "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
      sha512:
        "67ba5535a46e3f86dbfbed8cbbaf0125c76ed549ff8b0b9e03e0c88cf90fa634fa7b12b47d77b694de488ace8d9a65967dc96df599727d3292a8d9d447709c97"
    ),
    Vector(
      data: Data((0..<768).map { UInt8($0 % 256) }), md5: "e6899eaaf06fd702f3ed3f988eb19362",
      sha1: "ac2a264c8ec1f4232a40854e8239bc3a697ab1d2",
      sha256: "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363",
      sha512:
        "f1721f49518ee462a3d81def26d81037cd474b4254b85ad7c8f1509594d0177bbb996ee9625813852bacac108c2a72c83a8587050fec1dcda64730d6470953e6"
    ),
  ]

  @Test("MD5, SHA-1, SHA-256 and SHA-512 match reference digests", arguments: vectors)
  func hashes(_ vector: Vector) {
    let hashes = ContentHashes(of: vector.data)
    #expect(hashes.md5 == vector.md5)
    #expect(hashes.sha1 == vector.sha1)
    #expect(hashes.sha256 == vector.sha256)
    #expect(hashes.sha512 == vector.sha512)
  }

  @Test func manifestDigestIsSHA256OfTheBytes() {
    let record = ManifestRecord(mediaType: "application/vnd.oci.image.manifest.v1+json", bytes: Data("abc".utf8))
    #expect(record.digest == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func jsonStringsAreEscapedLikeGo() {
    let value = GoJSON.string("<a & \"b\">\\\n\t\u{01}\u{2028}é")
    #expect(value.encoded == #""\u003ca \u0026 \"b\"\u003e\\\n\t\u0001\u2028é""#)
    let object = GoJSON.object([("z", .integer(-3)), ("a", .array([.bool(true), .null]))])
    #expect(object.encoderBody == "{\"z\":-3,\"a\":[true,null]}\n")
  }

  @Test func timesAreRFC3339WithTheConfiguredOffset() {
    let seconds: Int64 = 1_779_638_870  // 2026-05-24T16:07:50Z
    #expect(GoTimeFormat.rfc3339(unixSeconds: seconds, offsetSeconds: 0) == "2026-05-24T16:07:50Z")
    #expect(GoTimeFormat.rfc3339(unixSeconds: seconds, offsetSeconds: -4 * 3600) == "2026-05-24T12:07:50-04:00")
    #expect(GoTimeFormat.rfc3339(unixSeconds: seconds, offsetSeconds: 19800) == "2026-05-24T21:37:50+05:30")
    #expect(GoTimeFormat.rfc3339(unixSeconds: 0, offsetSeconds: -3600) == "1969-12-31T23:00:00-01:00")
    #expect(GoTimeFormat.rfc3339(unixSeconds: 951_782_400, offsetSeconds: 0) == "2000-02-29T00:00:00Z")
    #expect(GoTimeFormat.unixSeconds(Date(timeIntervalSince1970: 10.9)) == 10)
  }

  @Test func urlEscapingFollowsGo() {
    #expect(GoURLEscaping.pathEscape("group/image") == "group%2Fimage")
    #expect(GoURLEscaping.pathEscape("sha256:ab+c=d@e$f&g") == "sha256:ab+c=d@e$f&g")
    #expect(GoURLEscaping.pathEscape("a b;c,d?é") == "a%20b%3Bc%2Cd%3F%C3%A9")
    #expect(GoURLEscaping.queryEscape("a b/c:d~e") == "a+b%2Fc%3Ad~e")
    let query = GoURLEscaping.encodeQuery([("type", "container"), ("q", "a b"), ("page", "2"), ("limit", "5")])
    #expect(query == "limit=5&page=2&q=a+b&type=container")
  }

  @Test func goQueryParsingDropsWhatGoDrops() {
    let items = QueryParameters(rawQuery: "a=1&b=%zz&c;d=2&e&f=x+y%2B").items
    #expect(items.map(\.name) == ["a", "e", "f"])
    #expect(items.map(\.value) == ["1", "", "x y+"])
    #expect(QueryParameters(rawQuery: "type=%20container%09&q=").trimmed("type") == "container")
    #expect(QueryParameters(rawQuery: "q=1&q=2").first("q") == "1")
  }

  @Test func likePatternsBehaveLikeSQL() {
    let contains = SQLLikePattern(searchValue: "app")
    #expect(contains.matches("app"))
    #expect(contains.matches("my-app-preview"))
    #expect(!contains.matches("ap"))
    #expect(SQLLikePattern(searchValue: "crop_chem").matches("crop-chem-docs"))
    let prefix = SQLLikePattern(searchValue: "foo%")
    #expect(prefix.matches("foobar"))
    #expect(!prefix.matches("barfoo"))
    #expect(SQLLikePattern(searchValue: "%bar").matches("foobar"))
    #expect(!SQLLikePattern(searchValue: "%bar").matches("barfoo"))
    #expect(SQLLikePattern(searchValue: "a%c").matches("abc"))
  }

  @Test func wildcardsAndPathGlobs() {
    #expect(WildcardPattern(pattern: "Python-urllib/*").matches("Python-urllib/3.12"))
    #expect(!WildcardPattern(pattern: "Python-urllib/*").matches("python-urllib/3.12"))
    #expect(WildcardPattern(pattern: "curl/?.*").matches("curl/8.5.0"))
    #expect(WildcardPattern(pattern: "").matches(""))
    let segments = ["api", "v1", "packages", "alice", "container", "group%2Fimage", "1.0"]
    #expect(PathGlob("/api/v1/packages/**").matches(segments: segments))
    #expect(PathGlob("/api/v1/packages/*/container/*/*").matches(segments: segments))
    #expect(!PathGlob("/api/v1/packages/*").matches(segments: segments))
    #expect(PathGlob("/**/1.0").matches(segments: segments))
    #expect(PathGlob("/api/**/group*/1.?").matches(segments: segments))
    #expect(!PathGlob("/api/v1/packages/*/container/group/image/1.0").matches(segments: segments))
  }

  @Test func requestPathsAreNormalisedThenDecodedPerSegment() {
    let path = RequestPath(target: "/api/v1//packages/alice/container/group%2Fimage/v1/?x=1")
    #expect(path.normalized == "/api/v1/packages/alice/container/group%2Fimage/v1")
    #expect(path.segments == ["api", "v1", "packages", "alice", "container", "group/image", "v1"])
    #expect(path.decoded == "/api/v1/packages/alice/container/group/image/v1")
    #expect(path.hadSlashesRemoved)
    #expect(RequestPath(target: "/a/%zz").segments == nil)
    #expect(RequestPath(target: "http://gitea.test/api/v1/version").normalized == "/api/v1/version")
  }
}
