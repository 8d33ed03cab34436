extension Duration {
  /// A short human reading: `300 ms` below a second, `1.5 s` above.
  public var logDescription: String {
    let milliseconds = Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    if milliseconds < 1000 {
      return "\(Int(milliseconds.rounded())) ms"
    }
    let tenths = (milliseconds / 100).rounded()
    return "\(Int(tenths) / 10).\(Int(tenths) % 10) s"
  }

  /// The duration in seconds as a floating-point number.
  var inSeconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}
