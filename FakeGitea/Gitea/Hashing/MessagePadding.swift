import Foundation

/// The Merkle–Damgård padding shared by MD5 and the SHA family: a `0x80`
/// byte, zeros up to the length field, then the message length in bits.
enum MessagePadding {
  /// Pads `data` to a whole number of `blockSize`-byte blocks.
  ///
  /// - Parameters:
  ///   - lengthFieldBytes: 8 for MD5, SHA-1 and SHA-256; 16 for SHA-512.
  ///   - bigEndianLength: `false` only for MD5.
  static func padded(
    _ data: Data, blockSize: Int, lengthFieldBytes: Int, bigEndianLength: Bool
  ) -> [UInt8] {
    var bytes = [UInt8](data)
    let bitLength = UInt64(data.count) &* 8
    bytes.append(0x80)
    while (bytes.count + lengthFieldBytes) % blockSize != 0 {
      bytes.append(0)
    }
    // Messages here are far below 2^64 bits, so any wider length field
    // starts with zero bytes.
    var lengthBytes = [UInt8](repeating: 0, count: lengthFieldBytes)
    for index in 0..<8 {
      let byte = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(index)))
      if bigEndianLength {
        lengthBytes[lengthFieldBytes - 1 - index] = byte
      } else {
        lengthBytes[index] = byte
      }
    }
    bytes.append(contentsOf: lengthBytes)
    return bytes
  }

  /// Lower-case hexadecimal, as Go's `hex.EncodeToString` writes it.
  static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
