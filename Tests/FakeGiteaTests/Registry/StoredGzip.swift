import Foundation

/// A gzip member whose deflate stream uses only stored (uncompressed)
/// blocks: valid gzip without a compression library, so test layers look
/// compressed and registry clients push them unchanged.
enum StoredGzip {
  static func wrap(_ data: Data) -> Data {
    var output = Data([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff])
    let bytes = [UInt8](data)
    var offset = 0
    repeat {
      let length = min(65_535, bytes.count - offset)
      let isFinal = offset + length == bytes.count
      output.append(isFinal ? 0x01 : 0x00)
      output.append(contentsOf: littleEndian(UInt16(length)))
      output.append(contentsOf: littleEndian(~UInt16(length)))
      output.append(contentsOf: bytes[offset..<(offset + length)])
      offset += length
    } while offset < bytes.count
    output.append(contentsOf: littleEndian(crc32(bytes)))
    output.append(contentsOf: littleEndian(UInt32(truncatingIfNeeded: bytes.count)))
    return output
  }

  private static let crcTable: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }

  private static func littleEndian<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
  }
}
