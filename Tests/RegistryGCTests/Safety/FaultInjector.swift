import Foundation

@testable import RegistryGC

/// Serves a list of ``InjectedFault``s through a model transport's
/// interceptor and records each fault when it actually took effect, so the
/// test can tell what the run must have seen.
final class FaultInjector: Sendable {
  let faults: [InjectedFault]
  /// The registry as it was before the run, for answering repeated pages.
  let initial: ModelRegistry
  private let served = Recorder<InjectedFault>()

  init(faults: [InjectedFault], initial: ModelRegistry) {
    self.faults = faults
    self.initial = initial
  }

  /// The faults that took effect, each once, in the order first served.
  var servedFaults: [InjectedFault] {
    var unique: [InjectedFault] = []
    for fault in served.recorded where !unique.contains(fault) { unique.append(fault) }
    return unique
  }

  var interceptor: ModelGiteaTransport.Interceptor {
    { [self] incoming in intercept(incoming) }
  }

  private func intercept(_ incoming: ModelGiteaTransport.Incoming) -> ModelGiteaTransport.Intercept? {
    switch incoming.route {
    case .list(_, let type, let query, _, let limit):
      if incoming.deletesBefore > 0 {
        guard faults.contains(.relistFails) else { return nil }
        served.record(.relistFails)
        return .answer(InjectedFault.BadAnswer.serverError.response)
      }
      return interceptFirstListing(
        page: incoming.route.listPage ?? 1, type: type, query: query, limit: limit, attempt: incoming.attempt)

    case .registryToken:
      guard faults.contains(.tokenRefused) else { return nil }
      served.record(.tokenRefused)
      return .answer(ModelGiteaTransport.json(401, ["errors": [["code": "UNAUTHORIZED", "message": "no"]]]))

    case .manifest(_, let reference):
      for fault in faults {
        switch fault {
        case .manifestBroken(let tag, let how) where tag == reference.lowercased():
          served.record(fault)
          return Self.brokenManifest(how)
        case .manifestUnavailableOnce(let tag) where tag == reference.lowercased() && incoming.attempt == 1:
          served.record(fault)
          return .answer(ModelGiteaTransport.plainText(503, "Service Unavailable"))
        default: continue
        }
      }
      return nil

    case .tagsList:
      return nil

    case .deleteVersion(_, let package, let version):
      for fault in faults {
        switch fault {
        case .deleteServerError(version):
          served.record(fault)
          return .answer(ModelGiteaTransport.json(500, ["message": ""]))
        case .deleteBadGateway(version):
          served.record(fault)
          return .answer(ModelGiteaTransport.html(502, title: "502 Bad Gateway", server: "nginx"))
        case .deleteNotFoundStillListed(version):
          served.record(fault)
          return .answer(ModelGiteaTransport.json(404, ["message": "package does not exist"]))
        case .deleteAlreadyGone(version):
          served.record(fault)
          return .mutateFirst { $0.remove(package: package, version: version) }
        case .deleteNoAnswer(version):
          served.record(fault)
          return .fail(TransportError(.cannotConnect, "connection refused"))
        case .deleteUnavailableOnce(version) where incoming.attempt == 1:
          served.record(fault)
          return .answer(ModelGiteaTransport.plainText(503, "Service Unavailable"))
        case .deleteAnswerLost(version) where incoming.attempt == 1:
          served.record(fault)
          return .actThenFail(TransportError(.connectionLost, "the connection was reset"))
        default: continue
        }
      }
      return nil

    case .unknown:
      return nil
    }
  }

  private func interceptFirstListing(
    page: Int, type: String?, query: String?, limit: String?, attempt: Int
  ) -> ModelGiteaTransport.Intercept? {
    for fault in faults {
      switch fault {
      case .listAnswer(page, let answer):
        served.record(fault)
        return .answer(answer.response)
      case .listNoAnswer(page, let transient):
        served.record(fault)
        return .fail(TransportError(transient ? .connectionLost : .cannotConnect, "no answer to list page \(page)"))
      case .listUnavailableOnce(page) where attempt == 1:
        served.record(fault)
        return .answer(ModelGiteaTransport.plainText(503, "Service Unavailable"))
      default: continue
      }
    }

    // Everything else changes the model's own answer.
    let changesAnswers = faults.contains { fault in
      switch fault {
      case .listDroppedPage, .listTruncatedPage, .listRepeatedPage, .totalTooHigh, .totalTooLow, .totalChanges,
        .totalMissing:
        true
      default: false
      }
    }
    guard changesAnswers else { return nil }
    let previousPage = initial.page(type: type, query: query, page: String(page - 1), limit: limit).rows
    let faults = self.faults
    let served = self.served
    let initial = self.initial
    return .rewrite { response in
      guard response.status == 200,
        var rows = (try? JSONSerialization.jsonObject(with: response.body)) as? [Any]
      else { return response }
      var total = response.headers["X-Total-Count"].flatMap { Int($0) }
      for fault in faults {
        switch fault {
        case .listDroppedPage(page) where !rows.isEmpty:
          served.record(fault)
          rows = []
        case .listTruncatedPage(page) where !rows.isEmpty:
          served.record(fault)
          rows.removeLast()
        case .listRepeatedPage(page) where page > 1:
          served.record(fault)
          rows = previousPage.map(initial.json)
        case .totalTooHigh(let by) where total != nil:
          served.record(fault)
          total = total! + by
        case .totalTooLow(let by) where total != nil:
          served.record(fault)
          total = max(0, total! - by)
        case .totalChanges(page) where total != nil && page > 1:
          served.record(fault)
          total = total! + 1
        case .totalMissing:
          served.record(fault)
          total = nil
        default: continue
        }
      }
      var changed = ModelGiteaTransport.json(200, rows)
      changed.headers["X-Total-Count"] = total.map(String.init)
      return changed
    }
  }

  private static func brokenManifest(_ how: InjectedFault.BadManifest) -> ModelGiteaTransport.Intercept {
    switch how {
    case .serverError: .answer(ModelGiteaTransport.json(500, ["errors": [["code": "UNKNOWN"]]]))
    case .notFound: .answer(ModelGiteaTransport.json(404, ["errors": [["code": "MANIFEST_UNKNOWN"]]]))
    case .notJSON: .answer(ModelGiteaTransport.plainText(200, "not a manifest"))
    case .invalidChild:
      .answer(
        ModelGiteaTransport.json(
          200, ["mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [["digest": "sha256:zz"]]]))
    case .noAnswer: .fail(TransportError(.cannotConnect, "connection refused"))
    }
  }
}
