/// A personal access token as the store keeps it.
struct StoredToken: Sendable {
  let userID: Int64
  let scopes: [String]
}
