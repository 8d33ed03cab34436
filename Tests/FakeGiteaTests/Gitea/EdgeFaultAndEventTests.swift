import Foundation
import Testing

@testable import FakeGitea

@Suite("Cloudflare-style edge, injected faults and scheduled events")
struct EdgeFaultAndEventTests {
  static let list = "/api/v1/packages/alice?type=container&q=app"

  @Test func blockedUserAgentsGetAnHTMLPageFromTheEdge() {
    let gitea = Fixture.gitea { $0.blockedUserAgents = ["Python-urllib/*"] }
    let blocked = gitea.get(Self.list, token: "alice-read", headers: [HeaderField("User-Agent", "Python-urllib/3.12")])
    #expect(blocked.status == 403)
    #expect(blocked.header("Content-Type") == "text/html; charset=UTF-8")
    #expect(blocked.header("Server") == "cloudflare")
    let ray = blocked.header("CF-RAY") ?? ""
    #expect(ray.count == 20 && ray.hasSuffix("-FRA"))
    #expect(blocked.text.contains("<span class=\"cf-error-code\">1010</span>"))
    #expect(blocked.text.contains("Access denied"))
    #expect(blocked.text.contains("has banned your access based on your browser's signature (\(ray))"))
    #expect(blocked.text.contains("gitea.test"))

    let allowed = gitea.get(Self.list, token: "alice-read", headers: [HeaderField("User-Agent", "registry-gc/1.0")])
    #expect(allowed.status == 200)
    // Gitea's own 403s stay JSON.
    let refused = gitea.delete(
      "/api/v1/packages/alice/container/app/v1", token: "bob-write", headers: [HeaderField("User-Agent", "curl/8")])
    #expect(refused.status == 403)
    #expect(refused.header("Content-Type") == "application/json;charset=utf-8")
    #expect(gitea.journal.first?.notes == ["blocked at the edge: User-Agent matches \"Python-urllib/*\""])
  }

  @Test func anEmptyPatternBlocksRequestsWithoutUserAgent() {
    let gitea = Fixture.gitea { $0.blockedUserAgents = [""] }
    #expect(gitea.get("/api/v1/version").status == 403)
    #expect(gitea.get("/api/v1/version", headers: [HeaderField("User-Agent", "x")]).status == 200)
  }

  @Test func faultsFireFromTheNthMatchingCallForTimesCalls() {
    let gitea = Fixture.gitea {
      $0.faults = [
        FaultRule(
          method: "GET", path: "/api/v1/packages/*", nth: 2, times: 2,
          action: .retryLater(status: 503, retryAfterSeconds: 7))
      ]
    }
    let statuses = (1...5).map { _ in gitea.get(Self.list, token: "alice-read").status }
    #expect(statuses == [200, 503, 503, 200, 200])
    #expect(gitea.get("/api/v1/version").status == 200)
    let second = gitea.journal[1]
    #expect(second.notes == ["fault #1: respond 503"])
    let retry = Fixture.gitea {
      $0.faults = [FaultRule(path: "/**", action: .retryLater(status: 429, retryAfterSeconds: 3))]
    }.get("/api/v1/version")
    #expect(retry.status == 429)
    #expect(retry.header("Retry-After") == "3")
  }

  @Test func faultsMatchQueryItemsAndMethods() {
    let gitea = Fixture.gitea {
      $0.faults = [
        FaultRule(
          name: "page two", path: "/api/v1/packages/alice", query: ["page": "2"], action: .respond(status: 500)),
        FaultRule(
          name: "deletes", method: "delete", path: "/api/v1/packages/**",
          action: .respond(status: 502, text: "bad gateway")),
      ]
    }
    #expect(gitea.get("/api/v1/packages/alice?page=1", token: "alice-read").status == 200)
    #expect(gitea.get("/api/v1/packages/alice?page=2", token: "alice-read").status == 500)
    let delete = gitea.delete("/api/v1/packages/alice/container/app/v1", token: "alice-write")
    #expect(delete.status == 502)
    #expect(delete.text == "bad gateway")
    #expect(gitea.versions(owner: "alice", name: "app").contains("v1"))
  }

  @Test func theFirstFiringRuleWinsButEveryMatchingRuleCounts() {
    let gitea = Fixture.gitea {
      $0.faults = [
        FaultRule(path: "/**", nth: 1, times: 1, action: .respond(status: 500)),
        FaultRule(path: "/api/v1/**", nth: 2, times: 1, action: .respond(status: 503)),
      ]
    }
    #expect((1...3).map { _ in gitea.get("/api/v1/version").status } == [500, 503, 200])
  }

  @Test func delaysAndDisruptionsAreHandedToTheServer() {
    let gitea = Fixture.gitea {
      $0.faults = [
        FaultRule(path: "/api/v1/version", action: .delay(.milliseconds(250))),
        FaultRule(method: "DELETE", path: "/**/v1", action: .disrupt(.reset)),
        FaultRule(method: "DELETE", path: "/**/v2", action: .disrupt(.closeWithoutResponse, afterHandling: true)),
        FaultRule(path: "/api/v1/packages/alice", action: .disrupt(.truncatedBody)),
      ]
    }
    let delayed = gitea.get("/api/v1/version")
    #expect(delayed.delay == .milliseconds(250))
    #expect(delayed.text == "{\"version\":\"1.22.6\"}\n")

    let reset = gitea.delete("/api/v1/packages/alice/container/app/v1", token: "alice-write")
    #expect(reset.disruption == .reset)
    #expect(gitea.versions(owner: "alice", name: "app").contains("v1"))

    let lostAnswer = gitea.delete("/api/v1/packages/alice/container/app/v2", token: "alice-write")
    #expect(lostAnswer.disruption == .closeWithoutResponse)
    #expect(lostAnswer.status == 204)
    #expect(!gitea.versions(owner: "alice", name: "app").contains("v2"))

    let truncated = gitea.get("/api/v1/packages/alice", token: "alice-read")
    #expect(truncated.disruption == .truncatedBody)
    #expect(truncated.status == 200)
    #expect(truncated.objects.count == 5)
    #expect(gitea.journal.map(\.disruption) == [nil, .reset, .closeWithoutResponse, .truncatedBody])
  }

  @Test func malformedJSONCutsTheRealBodyInHalf() throws {
    let plain = Fixture.gitea().get(Self.list, token: "alice-read")
    let gitea = Fixture.gitea { $0.faults = [FaultRule(path: "/api/v1/packages/alice", action: .malformedJSON)] }
    let broken = gitea.get(Self.list, token: "alice-read")
    #expect(broken.status == 200)
    #expect(broken.header("X-Total-Count") == "5")
    #expect(broken.body == plain.body.prefix(plain.body.count / 2))
    #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: broken.body) }
  }

  @Test func aScheduledDeleteRacesTheClientsDelete() {
    let gitea = Fixture.gitea {
      $0.events = [
        ScheduledEvent(
          afterRequest: 1, matching: RequestPattern(method: "GET", path: "/api/v1/packages/alice"),
          action: .deleteVersion(owner: "alice", name: "app", version: "v1"))
      ]
    }
    gitea.get("/api/v1/version")
    let list = gitea.get(Self.list, token: "alice-read")
    #expect(list.versionNames.contains("v1"))
    let delete = gitea.delete("/api/v1/packages/alice/container/app/v1", token: "alice-write")
    #expect(delete.status == 404)
    #expect(gitea.journal[1].notes == ["event after this request: deleted alice/app:v1"])
  }

  @Test func aScheduledPushAppearsOnTheNextRequest() {
    let gitea = Fixture.gitea {
      $0.events = [
        ScheduledEvent(afterRequest: 2, action: .push(owner: "alice", name: "app", version: "v3")),
        ScheduledEvent(afterRequest: 3, action: .deletePackage(owner: "alice", name: "app-preview")),
      ]
    }
    #expect(!gitea.get(Self.list, token: "alice-read").versionNames.contains("v3"))
    #expect(!gitea.get(Self.list, token: "alice-read").versionNames.contains("v3"))
    let third = gitea.get(Self.list, token: "alice-read")
    #expect(third.versionNames.first == "v3")
    #expect(third.objects.first?["created_at"] as? String == "2026-05-24T17:07:50Z")
    #expect(third.objects.first?["id"] as? Int == 11)
    #expect(gitea.get(Self.list, token: "alice-read").versionNames.contains("pr-1") == false)
  }
}
