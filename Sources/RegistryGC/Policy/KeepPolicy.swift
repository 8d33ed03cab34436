/// Which versions of a package to keep. A version is kept when any rule
/// holds; everything else is deleted:
///
/// 1. the tag `latest` (always, whatever the patterns say);
/// 2. a tag matching one of ``keepPatterns`` (default: `corpus-*`);
/// 3. one of the ``keepLatest`` most recent *other* tags: digests, `latest`
///    and pattern matches do not use up these places;
/// 4. anything younger than ``keepDays`` days;
/// 5. a `sha256:` digest that a kept tag's image index references, or any
///    digest when references could not be read, or one younger than
///    ``digestGracePeriod`` (a push may still be in flight).
///
/// Versions whose timestamps are implausible (in the future, or before 2000)
/// are kept with a warning.
public struct KeepPolicy: Sendable, Equatable {
  public static let defaultKeepDays = 180
  public static let defaultKeepLatest = 6
  public static let defaultKeepPatterns = [Glob("latest"), Glob("corpus-*")]
  public static let defaultDigestGracePeriod: Duration = .seconds(24 * 3600)

  public var keepLatest: Int
  public var keepDays: Int
  public var keepPatterns: [Glob]
  public var digestGracePeriod: Duration

  public init(
    keepLatest: Int = KeepPolicy.defaultKeepLatest,
    keepDays: Int = KeepPolicy.defaultKeepDays,
    keepPatterns: [Glob] = KeepPolicy.defaultKeepPatterns,
    digestGracePeriod: Duration = KeepPolicy.defaultDigestGracePeriod
  ) {
    self.keepLatest = keepLatest
    self.keepDays = keepDays
    self.keepPatterns = keepPatterns
    self.digestGracePeriod = digestGracePeriod
  }
}
