/// Finds the word a user most likely meant when they wrote an unknown one,
/// for "did you mean ...?" hints.
public enum SpellingSuggestion {
  /// The candidate closest to `word`, or `nil` when none is close enough to be
  /// a plausible typo.
  ///
  /// Comparison ignores case. A candidate qualifies when it is at most one edit
  /// away (an insertion, deletion, substitution or swap of neighbours), or two
  /// edits for words of six characters or more. Ties go to the earliest candidate.
  public static func bestMatch(for word: String, among candidates: some Sequence<String>) -> String? {
    let typed = Array(word.lowercased().unicodeScalars)
    let allowed = typed.count >= 6 ? 2 : 1
    var best: (candidate: String, distance: Int)?
    for candidate in candidates where candidate != word {
      let distance = editDistance(typed, Array(candidate.lowercased().unicodeScalars))
      guard distance <= allowed else { continue }
      if best == nil || distance < best!.distance {
        best = (candidate, distance)
      }
    }
    return best?.candidate
  }

  /// The optimal-string-alignment distance: Levenshtein plus swaps of adjacent characters.
  static func editDistance(_ source: [Unicode.Scalar], _ target: [Unicode.Scalar]) -> Int {
    if source.isEmpty { return target.count }
    if target.isEmpty { return source.count }
    let width = target.count + 1
    // Three rows: two back (for swaps), previous, current.
    var twoBack = [Int](repeating: 0, count: width)
    var previous = Array(0...target.count)
    var current = [Int](repeating: 0, count: width)
    for i in 1...source.count {
      current[0] = i
      for j in 1...target.count {
        let cost = source[i - 1] == target[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, source[i - 1] == target[j - 2], source[i - 2] == target[j - 1] {
          value = min(value, twoBack[j - 2] + 1)
        }
        current[j] = value
      }
      (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[target.count]
  }
}
