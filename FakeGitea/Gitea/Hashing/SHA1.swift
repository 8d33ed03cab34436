import Foundation

/// SHA-1 (FIPS 180-4). Used only to fill the `sha1` field of package files.
enum SHA1 {
  static func hexDigest(_ data: Data) -> String {
    let message = MessagePadding.padded(data, blockSize: 64, lengthFieldBytes: 8, bigEndianLength: true)
    var state: [UInt32] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0]
    var schedule = [UInt32](repeating: 0, count: 80)
    for blockStart in stride(from: 0, to: message.count, by: 64) {
      for index in 0..<16 {
        let base = blockStart + index * 4
        schedule[index] =
          UInt32(message[base]) << 24 | UInt32(message[base + 1]) << 16
          | UInt32(message[base + 2]) << 8 | UInt32(message[base + 3])
      }
      for index in 16..<80 {
        let mixed = schedule[index - 3] ^ schedule[index - 8] ^ schedule[index - 14] ^ schedule[index - 16]
        schedule[index] = (mixed << 1) | (mixed >> 31)
      }
      var a = state[0]
      var b = state[1]
      var c = state[2]
      var d = state[3]
      var e = state[4]
      for round in 0..<80 {
        let function: UInt32
        let constant: UInt32
        switch round {
        case 0..<20:
          function = (b & c) | (~b & d)
          constant = 0x5a82_7999
        case 20..<40:
          function = b ^ c ^ d
          constant = 0x6ed9_eba1
        case 40..<60:
          function = (b & c) | (b & d) | (c & d)
          constant = 0x8f1b_bcdc
        default:
          function = b ^ c ^ d
          constant = 0xca62_c1d6
        }
        let temporary = ((a << 5) | (a >> 27)) &+ function &+ e &+ constant &+ schedule[round]
        e = d
        d = c
        c = (b << 30) | (b >> 2)
        b = a
        a = temporary
      }
      state[0] = state[0] &+ a
      state[1] = state[1] &+ b
      state[2] = state[2] &+ c
      state[3] = state[3] &+ d
      state[4] = state[4] &+ e
    }
    return MessagePadding.hex(state.flatMap(\.bigEndianBytes))
  }
}

extension FixedWidthInteger {
  /// The value's bytes, most significant first.
  var bigEndianBytes: [UInt8] {
    stride(from: Self.bitWidth - 8, through: 0, by: -8).map { UInt8(truncatingIfNeeded: self >> $0) }
  }
}
