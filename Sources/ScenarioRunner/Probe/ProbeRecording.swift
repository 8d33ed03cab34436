import Foundation

/// The normalised answers of one probe run, as saved by `--record` and read
/// by `--replay` and `compare`. It never holds a token: answers are
/// normalised (no header values but a few named ones, no bodies) and every
/// occurrence of the token is replaced by `***` before anything is stored.
public struct ProbeRecording: Sendable, Equatable, Codable {
  /// The file format this code writes and reads.
  public static let currentFormat = "registry-gc-probe-recording/1"

  public var format: String
  /// When the probe ran (RFC 3339, UTC).
  public var recordedAt: String
  /// The base URL probed, without credentials, query or fragment.
  public var server: String
  public var owner: String
  public var package: String
  /// What `GET /api/v1/version` reported, if it answered.
  public var reportedVersion: String?
  /// What a fake must look like to be probed under the same conditions.
  public var conditions: ProbeConditions
  /// One entry per probe, in probe order.
  public var answers: [ProbeAnswer]

  public init(
    recordedAt: String, server: String, owner: String, package: String, reportedVersion: String?,
    conditions: ProbeConditions, answers: [ProbeAnswer]
  ) {
    self.format = Self.currentFormat
    self.recordedAt = recordedAt
    self.server = server
    self.owner = owner
    self.package = package
    self.reportedVersion = reportedVersion
    self.conditions = conditions
    self.answers = answers
  }

  /// The answer of `probe`, if it is in the recording.
  public func answer(_ probe: Probe) -> ProbeAnswer? { answer(named: probe.rawValue) }

  /// The answer of the probe named `name`.
  public func answer(named name: String) -> ProbeAnswer? { answers.first { $0.probe == name } }

  /// Pretty-printed JSON with sorted keys, ending in a newline.
  public func encoded() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain strings, numbers and arrays cannot fail.
    var data = (try? encoder.encode(self)) ?? Data()
    data.append(0x0A)
    return data
  }

  /// Reads a recording written by ``encoded()``.
  public static func decode(_ data: Data) throws(ProbeError) -> ProbeRecording {
    let recording: ProbeRecording
    do {
      recording = try JSONDecoder().decode(ProbeRecording.self, from: data)
    } catch {
      throw ProbeError.invalidRecording("not a probe recording (\(Self.describe(error)))")
    }
    guard recording.format == currentFormat else {
      throw ProbeError.invalidRecording(
        "format \"\(recording.format)\" is not \"\(currentFormat)\"; record it again with this version")
    }
    return recording
  }

  /// Reads the recording at `path`.
  public static func load(path: String) throws(ProbeError) -> ProbeRecording {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw ProbeError.invalidRecording("cannot read \(path): \(error.localizedDescription)")
    }
    do {
      return try decode(data)
    } catch {
      throw ProbeError.invalidRecording("\(path): \(error.message)")
    }
  }

  private static func describe(_ error: any Error) -> String {
    switch error as? DecodingError {
    case .keyNotFound(let key, let context)?:
      return "missing \"\(key.stringValue)\" at \(path(context.codingPath))"
    case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
      return "unexpected value at \(path(context.codingPath))"
    case .dataCorrupted(let context)?:
      return context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(path(context.codingPath))"
    default:
      return error.localizedDescription
    }
  }

  private static func path(_ codingPath: [any CodingKey]) -> String {
    "$" + codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
  }
}
