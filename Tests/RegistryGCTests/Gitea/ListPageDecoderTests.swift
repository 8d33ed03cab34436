import FakeGitea
import Foundation
import Testing

@testable import RegistryGC

@Suite("ListPageDecoder: one strict pass over a list page")
struct ListPageDecoderTests {
  static func decode(_ text: String) -> Result<[PackageVersion], ListingDecodingError> {
    Result { () throws(ListingDecodingError) in try ListPageDecoder.decode(Data(text.utf8)) }
  }

  static func message(_ text: String) -> String? {
    if case .failure(let error) = decode(text) { error.message } else { nil }
  }

  static func row(_ fields: String) -> String {
    "[{" + fields + "}]"
  }

  static let good = #""id":7,"name":"app","type":"container","version":"v1","created_at":"2025-01-02T03:04:05Z""#

  /// A page exactly as the fake renders it for Gitea 1.22: nested owner and
  /// creator objects, booleans, nulls, numbers, empty strings.
  @Test func readsAPageAsGiteaRendersIt() throws {
    let created = Date(timeIntervalSince1970: 1_750_000_000)
    let seed = GiteaSeed(
      users: [SeedUser(login: "acme")],
      tokens: [SeedToken(value: "t", user: "acme", scopes: ["read:package"])],
      packages: [
        SeedPackage(
          owner: "acme", name: "app",
          versions: (1...3).map { SeedVersion(version: "v\($0)", created: created.addingTimeInterval(Double($0))) })
      ])
    let gitea = InMemoryGitea(seed: seed)
    let response = gitea.handle(
      ServerRequest(
        method: "GET", target: "/api/v1/packages/acme?type=container&q=app",
        headers: [HeaderField("Authorization", "token t")]))
    #expect(response.status == 200)
    let rows = try ListPageDecoder.decode(response.body)
    #expect(rows.map(\.version) == ["v3", "v2", "v1"])
    #expect(rows.allSatisfy { $0.packageName == "app" && $0.type == "container" })
    #expect(Set(rows.map(\.id)).count == 3)
    #expect(rows.map(\.createdAt) == [3, 2, 1].map { created.addingTimeInterval(Double($0)) })
    // The same rows as a general JSON parser finds.
    let reference = try #require(try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]])
    #expect(rows.map(\.id) == reference.map { ($0["id"] as! NSNumber).int64Value })
    #expect(rows.map(\.createdAtText) == reference.map { $0["created_at"] as! String })
  }

  @Test func decodesEscapesInTheFieldsItReads() throws {
    let rows = try Self.decode(
      Self.row(
        #""id":1,"n\u0061me":"a\/b","type":"container","version":"v\u00e9-\ud83d\ude00\t","created_at":"2025-01-02T03:04:05Z""#
      )
    ).get()
    #expect(rows.first?.packageName == "a/b")
    #expect(rows.first?.version == "vé-😀\t")
  }

  @Test func theEmptyArrayAndWhitespaceAreFine() throws {
    #expect(try Self.decode(" [ ] \n").get().isEmpty)
    #expect(try Self.decode("\t[ {" + Self.good + "} ]\r\n").get().count == 1)
  }

  @Test(
    "syntax errors are refused with their position",
    arguments: [
      ("[{" + good + "},]", "unexpected character at byte"),
      ("[{" + good + ",}]", "expected a key in quotes"),
      ("[{" + good + "}", "the array is not closed"),
      ("[{" + good + "}] x", "unexpected text after the array"),
      ("[{\"id\":01}]", "expected ',' or '}' in an object"),
      ("[{\"id\":1.}]", "a number needs a digit after '.'"),
      ("[{\"id\":-}]", "a number needs a digit"),
      ("[{\"x\":tru}]", "an unknown word"),
      ("[{\"x\":\"a\nb\"}]", "a control character inside a string"),
      ("[{\"x\":\"\\q\"}]", "an unknown escape in a string"),
      ("[{\"x\":\"\\u12\"}]", "a \\u escape needs four hex digits"),
      ("[{\"x\":\"open}]", "a string is not closed"),
      ("[{\"version\":\"\\ud800\"}]", "a string has an unpaired surrogate"),
      ("[{\"x\":\"\\udc00\"}]", "a string has an unpaired surrogate"),
      ("[{\"x\":\"\\ud800\\u0041\"}]", "a string has an unpaired surrogate"),
      ("[{\"x\":1e999}]", "a number too large for a double"),
      ("", "a value is missing at the end"),
      ("<html>", "unexpected character at byte 0"),
    ])
  func syntaxErrorsAreRefused(body: String, problem: String) throws {
    let message = try #require(Self.message(body))
    #expect(message.hasPrefix("the body is not JSON ("))
    #expect(message.contains(problem))
  }

  @Test func deepNestingIsRefusedWithoutRecursingForever() throws {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    let message = try #require(Self.message(Self.row("\"x\":" + deep + "," + Self.good)))
    #expect(message.contains("values are nested too deeply"))
  }

  @Test func invalidUTF8InAReadFieldIsRefused() throws {
    var body = Data(Self.row(#""id":1,"name":"app","type":"container","version":"v"#).utf8)
    body.append(0xFF)
    body.append(contentsOf: Data(#"","created_at":"2025-01-02T03:04:05Z"}]"#.utf8))
    #expect(throws: ListingDecodingError.self) { try ListPageDecoder.decode(body) }
  }

  @Test(
    "rows that are JSON but not Gitea's are refused field by field",
    arguments: [
      ("[{" + good + "}, 5]", "row 1 is not a JSON object"),
      (row(#""id":"7","name":"app","type":"container","version":"v1","created_at":"2025-01-02T03:04:05Z""#),
        "row 0 has no integer 'id'"),
      (row(#""id":7.5,"name":"app","type":"container","version":"v1","created_at":"2025-01-02T03:04:05Z""#),
        "row 0 has no integer 'id'"),
      (row(#""id":1e3,"name":"app","type":"container","version":"v1","created_at":"2025-01-02T03:04:05Z""#),
        "row 0 has no integer 'id'"),
      (row(
        #""id":9223372036854775808,"name":"app","type":"container","version":"v1","created_at":"2025-01-02T03:04:05Z""#
      ), "row 0 has no integer 'id'"),
      (row(#""id":7,"name":null,"type":"container","version":"v1","created_at":"2025-01-02T03:04:05Z""#),
        "row 0 has no string 'name'"),
      (row(good + #","version":"v2""#), "row 0 has the key 'version' more than once"),
      (row(good + #","id":8"#), "row 0 has the key 'id' more than once"),
      (row(#""id":7,"name":"app","type":"container","version":"","created_at":"2025-01-02T03:04:05Z""#),
        "row 0 has an empty 'version'"),
      (row(#""id":7,"name":"app","type":"container","version":"v1","created_at":"soon""#),
        "row 0 has a 'created_at' that is not an RFC 3339 time: \"soon\""),
      ("{\"message\":\"x\"}", "the body is JSON but not an array of packages"),
      ("\"text\"", "the body is JSON but not an array of packages"),
    ])
  func foreignRowsAreRefused(body: String, problem: String) {
    #expect(Self.message(body) == problem)
  }

  /// Syntax outranks a bad row: a body that is not JSON says so even when an
  /// earlier row lacked a field.
  @Test func aSyntaxErrorAfterABadRowIsTheErrorReported() throws {
    let message = try #require(Self.message("[{\"id\":1}, {" + Self.good + "},]"))
    #expect(message.hasPrefix("the body is not JSON ("))
  }

  /// Seeded differential test: random pages and random damage to them. The
  /// decoder may refuse more than a general JSON parser (duplicate keys, a
  /// fractional id), never less; and what it accepts, it reads exactly as
  /// that parser does.
  @Test func agreesWithJSONSerializationOnRandomDamagedPages() throws {
    var random = SplitMix64(seed: 0x5EED_0F_9A6E)
    var accepted = 0
    var refused = 0
    for _ in 0..<3_000 {
      var body = Array(Self.randomPage(&random).utf8)
      switch random.next() % 4 {
      case 0: break
      case 1: body[Int(random.next() % UInt64(body.count))] = Self.damage[Int(random.next() % UInt64(Self.damage.count))]
      case 2: body.removeSubrange(Int(random.next() % UInt64(body.count))...)
      default: body.insert(Self.damage[Int(random.next() % UInt64(Self.damage.count))], at: Int(random.next() % UInt64(body.count)))
      }
      let data = Data(body)
      let reference = try? JSONSerialization.jsonObject(with: data)
      switch Result(catching: { () throws(ListingDecodingError) in try ListPageDecoder.decode(data) }) {
      case .success(let rows):
        accepted += 1
        let objects = try #require(reference as? [[String: Any]], "accepted what JSONSerialization refuses: \(String(decoding: body, as: UTF8.self))")
        #expect(rows.map(\.id) == objects.map { ($0["id"] as! NSNumber).int64Value })
        #expect(rows.map(\.version) == objects.map { $0["version"] as! String })
        #expect(rows.map(\.packageName) == objects.map { $0["name"] as! String })
        #expect(rows.map(\.createdAtText) == objects.map { $0["created_at"] as! String })
      case .failure:
        refused += 1
      }
    }
    // Both outcomes happen often enough for the comparison to mean something.
    #expect(accepted > 600)
    #expect(refused > 600)
  }

  // MARK: The fuzzer's corpus

  struct CorpusFile: Sendable, CustomTestStringConvertible {
    let url: URL
    var testDescription: String { url.lastPathComponent }
  }

  static func corpusFiles() throws -> [CorpusFile] {
    let directory = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent()  // Gitea
      .deletingLastPathComponent()  // RegistryGCTests
      .deletingLastPathComponent()  // Tests
      .deletingLastPathComponent()  // package root
      .appendingPathComponent("Fuzz/Corpus/list-page")
    return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
      .filter { !$0.lastPathComponent.hasPrefix(".") }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
      .map(CorpusFile.init)
  }

  /// Replays `Fuzz/Corpus/list-page/` with the fuzz target's check: `ok-*`
  /// files are accepted and read exactly as Foundation reads them; every
  /// other file (findings, broken pages) is refused.
  @Test(arguments: try corpusFiles())
  func replaysTheFuzzCorpus(file: CorpusFile) throws {
    let body = try Data(contentsOf: file.url)
    let decoded = Result { () throws(ListingDecodingError) in try ListPageDecoder.decode(body) }
    guard file.url.lastPathComponent.hasPrefix("ok-") else {
      #expect(throws: ListingDecodingError.self) { try decoded.get() }
      return
    }
    let rows = try decoded.get()
    let objects = try #require(try JSONSerialization.jsonObject(with: body) as? [[String: Any]])
    #expect(rows.map(\.id) == objects.map { ($0["id"] as! NSNumber).int64Value })
    #expect(rows.map(\.version) == objects.map { $0["version"] as! String })
  }

  static let damage: [UInt8] = Array(#"{}[],:"\ 0-.eE1tfnu"#.utf8) + [0x0A, 0x00, 0xC3, 0xFF]

  static func randomPage(_ random: inout SplitMix64) -> String {
    let rows = (0..<Int(random.next() % 4)).map { index -> String in
      var fields = [
        #""id":\#(random.next() % 100_000)"#,
        #""name":"app\#(random.next() % 3 == 0 ? "\\u0041" : "")""#,
        #""type":"container""#,
        #""version":"v\#(index)\#(random.next() % 5 == 0 ? "\\n\\\"" : "")""#,
        #""created_at":"2025-0\#(1 + random.next() % 9)-1\#(random.next() % 9)T00:00:00\#(random.next() % 2 == 0 ? "Z" : "+05:30")""#,
        #""owner":{"id":1,"login":"acme","is_admin":false,"avatar":null,"list":[1,-2.5e3,"x",{"y":[]}]}"#,
        #""html_url":"http:\/\/g.example\/acme""#,
      ]
      for index in fields.indices.reversed() where random.next() % 2 == 0 {
        fields.swapAt(index, Int(random.next() % UInt64(index + 1)))
      }
      return "{" + fields.joined(separator: random.next() % 2 == 0 ? "," : " ,\n ") + "}"
    }
    return "[" + rows.joined(separator: ",") + "]"
  }
}
