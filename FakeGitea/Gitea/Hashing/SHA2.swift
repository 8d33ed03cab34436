import Foundation

/// The SHA-2 hash computation (FIPS 180-4, 6.2 and 6.4), shared by SHA-256 on
/// 32-bit words and SHA-512 on 64-bit words: the two differ only in their
/// constants, the rotation amounts and the number of rounds.
struct SHA2<Word: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
  /// H(0), the eight words the state starts from.
  var initialState: [Word]
  /// K, one per round.
  var roundConstants: [Word]
  /// Rotations of Σ0 and Σ1 (on a and e).
  var bigSigma0: (Word, Word, Word)
  var bigSigma1: (Word, Word, Word)
  /// Two rotations and a shift each, for σ0 and σ1 of the message schedule.
  var smallSigma0: (Word, Word, Word)
  var smallSigma1: (Word, Word, Word)

  func hexDigest(_ data: Data) -> String {
    let wordBytes = Word.bitWidth / 8
    let blockSize = 16 * wordBytes
    let message = MessagePadding.padded(
      data, blockSize: blockSize, lengthFieldBytes: 2 * wordBytes, bigEndianLength: true)
    var state = initialState
    let rounds = roundConstants.count
    var schedule = [Word](repeating: 0, count: rounds)
    for blockStart in stride(from: 0, to: message.count, by: blockSize) {
      for index in 0..<16 {
        var word: Word = 0
        for offset in 0..<wordBytes {
          word = word << 8 | Word(message[blockStart + index * wordBytes + offset])
        }
        schedule[index] = word
      }
      for index in 16..<rounds {
        let early = schedule[index - 15]
        let late = schedule[index - 2]
        let sigma0 = rotate(early, smallSigma0.0) ^ rotate(early, smallSigma0.1) ^ (early >> smallSigma0.2)
        let sigma1 = rotate(late, smallSigma1.0) ^ rotate(late, smallSigma1.1) ^ (late >> smallSigma1.2)
        schedule[index] = schedule[index - 16] &+ sigma0 &+ schedule[index - 7] &+ sigma1
      }
      var a = state[0]
      var b = state[1]
      var c = state[2]
      var d = state[3]
      var e = state[4]
      var f = state[5]
      var g = state[6]
      var h = state[7]
      for round in 0..<rounds {
        let sum1 = rotate(e, bigSigma1.0) ^ rotate(e, bigSigma1.1) ^ rotate(e, bigSigma1.2)
        let choice = (e & f) ^ (~e & g)
        let temporary1 = h &+ sum1 &+ choice &+ roundConstants[round] &+ schedule[round]
        let sum0 = rotate(a, bigSigma0.0) ^ rotate(a, bigSigma0.1) ^ rotate(a, bigSigma0.2)
        let majority = (a & b) ^ (a & c) ^ (b & c)
        let temporary2 = sum0 &+ majority
        h = g
        g = f
        f = e
        e = d &+ temporary1
        d = c
        c = b
        b = a
        a = temporary1 &+ temporary2
      }
      state[0] = state[0] &+ a
      state[1] = state[1] &+ b
      state[2] = state[2] &+ c
      state[3] = state[3] &+ d
      state[4] = state[4] &+ e
      state[5] = state[5] &+ f
      state[6] = state[6] &+ g
      state[7] = state[7] &+ h
    }
    return MessagePadding.hex(state.flatMap(\.bigEndianBytes))
  }

  private func rotate(_ value: Word, _ count: Word) -> Word {
    (value >> count) | (value << (Word(Word.bitWidth) - count))
  }
}
