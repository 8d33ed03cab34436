// Built by SwiftPM the decoder comes from the RegistryGC module; built with
// swiftc directly (see README.md) its sources are compiled in alongside.
import Foundation

#if canImport(RegistryGC)
  import RegistryGC
#endif

/// libFuzzer entry point: decodes the input as a list page. A trap inside
/// the decoder (index out of range, overflow, runaway recursion) is a
/// finding; so is a page the decoder accepts that Foundation's general JSON
/// parser refuses or reads differently. Refusing more than Foundation is
/// allowed (duplicate keys, fractional ids), accepting more is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzListPageDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let body = Data(bytes: data, count: size)
  guard let rows = try? ListPageDecoder.decode(body) else { return 0 }
  guard let objects = (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] else {
    preconditionFailure("accepted a page Foundation does not read as an array of objects")
  }
  precondition(rows.count == objects.count, "row count differs from Foundation's")
  for (row, object) in zip(rows, objects) {
    precondition((object["id"] as? NSNumber)?.int64Value == row.id, "id differs")
    precondition(object["version"] as? String == row.version, "version differs")
    precondition(object["name"] as? String == row.packageName, "name differs")
    precondition(object["type"] as? String == row.type, "type differs")
    precondition(object["created_at"] as? String == row.createdAtText, "created_at differs")
  }
  return 0
}
