import Foundation
import Testing

@Suite("OCI registry test support: stored gzip")
struct RegistryStoredGzipTests {
  @Test func crc32MatchesTheStandardCheckValue() {
    #expect(StoredGzip.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
  }

  @Test func largeInputsAreSplitIntoStoredBlocks() {
    let wrapped = StoredGzip.wrap(Data(count: 70_000))
    // 10 header bytes, two blocks of 5 header bytes each, 8 trailer bytes.
    #expect(wrapped.count == 70_000 + 10 + 2 * 5 + 8)
    #expect(wrapped[10] == 0x00)
    #expect(wrapped[10 + 5 + 65_535] == 0x01)
  }
}
