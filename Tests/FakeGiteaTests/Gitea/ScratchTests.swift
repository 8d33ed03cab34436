import Foundation
import Testing

@testable import FakeGitea

@Test func scratch() {
  let gitea = Fixture.gitea()
  for target in ["/api/v1/packages/alice?type=container&q=app&limit=2&page=2", "/api/v1/packages/alice/container/app/v1", "/api/v1/packages/alice/container/app/v1/files", "/api/v1/packages/alice/container/app/versions", "/api/v1/packages/nobody", "/api/v1/version", "/api/v1/packages/alice/container/app/v1/x"] {
    let r = gitea.get(target, token: "alice-read")
    print(r.status, r.headers, r.text)
  }
  for e in gitea.journal { print(e.summary, e.notes) }
}
