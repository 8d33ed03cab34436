/// The names of the fields of a normalised answer (see ``AnswerNormalizer``),
/// and the order they are shown in.
public enum AnswerField {
  public static let status = "status"
  public static let contentType = "content-type"
  public static let body = "body"
  public static let json = "json"
  public static let keys = "keys"
  public static let ownerKeys = "owner keys"
  public static let creatorKeys = "creator keys"
  public static let errors = "errors"
  public static let message = "message"
  public static let text = "text"
  public static let title = "title"
  public static let rows = "rows"
  public static let ties = "ties"
  public static let link = "Link"
  public static let wwwAuthenticate = "WWW-Authenticate"
  public static let warning = "X-Gitea-Warning"
  public static let flavour = "flavour"
  public static let reportedVersion = "reported version"

  /// Shown in this order; unknown names go last, alphabetically.
  static let displayOrder = [
    status, contentType, body, json, keys, ownerKeys, creatorKeys, errors, message, text, title, rows, ties, link,
    wwwAuthenticate, warning, flavour, reportedVersion,
  ]

  /// Fields shown and compared between recordings but not counted when
  /// scoring a profile: the version string is what a server says, not how
  /// it behaves (it breaks ties between profiles that behave alike).
  static let unscored: Set<String> = [reportedVersion]

  /// How an absent field is shown.
  public static let absent = "(absent)"

  /// `ties` when the rows had no two versions created in the same second:
  /// the order of ties could not be seen, so it matches anything.
  static let noTies = "no ties"
  /// `ties` of a profile without a tie-breaker (Gitea ≤1.21): the fake
  /// deliberately orders ties neither way, and a real server may show any
  /// order, so as an expectation it matches anything.
  static let mixedTies = "mixed"

  /// `fields` sorted for display.
  static func sorted(_ names: some Sequence<String>) -> [String] {
    names.sorted { left, right in
      let leftIndex = displayOrder.firstIndex(of: left) ?? displayOrder.count
      let rightIndex = displayOrder.firstIndex(of: right) ?? displayOrder.count
      return leftIndex != rightIndex ? leftIndex < rightIndex : left < right
    }
  }
}
