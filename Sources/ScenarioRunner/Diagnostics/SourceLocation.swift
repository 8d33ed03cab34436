/// A position in a source file.
///
/// `line` and `column` are 1-based and meant for people: the column counts
/// Unicode scalars, so a line holding `"é": 1` puts the `1` at column 7 even
/// though `é` takes two bytes. `offset` is the 0-based UTF-8 byte offset from
/// the start of the file (a byte order mark, when present, is included).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The 1-based line number.
  public var line: Int
  /// The 1-based column, counted in Unicode scalars from the start of the line.
  public var column: Int
  /// The 0-based UTF-8 byte offset from the start of the file.
  public var offset: Int

  /// Creates a location from its three coordinates.
  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  /// The first character of a file.
  public static let start = SourceLocation(line: 1, column: 1, offset: 0)

  /// `line:column`, the form compilers print.
  public var description: String { "\(line):\(column)" }

  /// Orders locations by their position in the file.
  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.offset, lhs.line, lhs.column) < (rhs.offset, rhs.line, rhs.column)
  }
}
