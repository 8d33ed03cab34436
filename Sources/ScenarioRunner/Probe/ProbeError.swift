/// Why a probe, replay or comparison could not produce a report.
public enum ProbeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The server did not answer `GET /api/v1/version` at all.
  case unreachable(String)
  /// A recording file is missing, unreadable or not a recording.
  case invalidRecording(String)

  public var message: String {
    switch self {
    case .unreachable(let text): "cannot reach the server: \(text)"
    case .invalidRecording(let text): "cannot use the recording: \(text)"
    }
  }

  public var description: String { message }
}
