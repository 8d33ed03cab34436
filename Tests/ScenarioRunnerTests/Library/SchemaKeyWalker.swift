import Foundation

/// A deliberately small reader of `scenarios/schema.json`: it follows
/// `properties`, `additionalProperties`, `items`, `$ref` into `$defs`,
/// `anyOf`/`oneOf` and `enum`, which is all the scenario schema uses, and
/// reports every object key the schema does not allow. It is not a JSON
/// Schema validator (types, patterns and `required` are left to the loader).
struct SchemaKeyWalker {
  let root: [String: Any]

  init(schemaAt path: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw WalkerError("\(path) is not a JSON object")
    }
    root = object
  }

  struct WalkerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// A schema node with its `$ref` followed, and the name of the `$defs`
  /// entry it came from (`#` for the root).
  struct Node {
    var schema: [String: Any]
    var definition: String
  }

  var rootNode: Node { Node(schema: root, definition: "#") }

  func resolve(_ schema: [String: Any], from definition: String) -> Node {
    guard let reference = schema["$ref"] as? String else { return Node(schema: schema, definition: definition) }
    let prefix = "#/$defs/"
    guard reference.hasPrefix(prefix), let definitions = root["$defs"] as? [String: Any],
      let target = definitions[String(reference.dropFirst(prefix.count))] as? [String: Any]
    else { return Node(schema: [:], definition: reference) }
    return resolve(target, from: String(reference.dropFirst(prefix.count)))
  }

  /// Every problem with the keys of `value` under `node`, as `$.path: message`.
  /// `visit` is told each `definition.key` pair that a value used.
  func problems(in value: Any, node: Node, path: String = "$", visit: (String) -> Void = { _ in }) -> [String] {
    let schema = node.schema
    for keyword in ["anyOf", "oneOf"] {
      guard let alternatives = schema[keyword] as? [[String: Any]], schema["properties"] == nil else { continue }
      var best: [String]?
      for alternative in alternatives {
        let found = problems(in: value, node: resolve(alternative, from: node.definition), path: path, visit: visit)
        if found.isEmpty { return [] }
        if best == nil || found.count < best!.count { best = found }
      }
      return best ?? []
    }
    if let allowed = schema["enum"] as? [Any], let text = value as? String {
      let names = allowed.compactMap { $0 as? String }
      return names.contains(text) ? [] : ["\(path): \"\(text)\" is not one of \(names.joined(separator: ", "))"]
    }
    switch value {
    case let object as [String: Any]:
      var found: [String] = []
      let properties = schema["properties"] as? [String: Any] ?? [:]
      let additional = schema["additionalProperties"]
      for key in object.keys.sorted() {
        let childPath = "\(path).\(key)"
        if let property = properties[key] as? [String: Any] {
          visit("\(node.definition).\(key)")
          found += problems(in: object[key]!, node: resolve(property, from: node.definition), path: childPath, visit: visit)
        } else if let additionalSchema = additional as? [String: Any] {
          found += problems(
            in: object[key]!, node: resolve(additionalSchema, from: node.definition), path: childPath, visit: visit)
        } else if (additional as? Bool) == false {
          found.append("\(childPath): key not allowed by the schema (\(node.definition))")
        }
      }
      return found
    case let array as [Any]:
      guard let items = schema["items"] as? [String: Any] else { return [] }
      let itemNode = resolve(items, from: node.definition)
      return array.enumerated().flatMap { index, element in
        problems(in: element, node: itemNode, path: "\(path)[\(index)]", visit: visit)
      }
    default:
      return []
    }
  }

  /// Every `definition.key` the schema declares under some `properties`.
  var declaredProperties: Set<String> {
    var result = Set<String>()
    func collect(_ schema: [String: Any], definition: String) {
      for key in (schema["properties"] as? [String: Any] ?? [:]).keys { result.insert("\(definition).\(key)") }
    }
    collect(root, definition: "#")
    for (name, value) in root["$defs"] as? [String: Any] ?? [:] {
      if let schema = value as? [String: Any] { collect(schema, definition: name) }
    }
    return result
  }

  /// Paths of object schemas that declare `properties` without
  /// `"additionalProperties": false`.
  var lenientObjects: [String] {
    var found: [String] = []
    func visit(_ value: Any, path: String) {
      if let object = value as? [String: Any] {
        if object["properties"] != nil, (object["additionalProperties"] as? Bool) != false { found.append(path) }
        for (key, child) in object { visit(child, path: "\(path)/\(key)") }
      } else if let array = value as? [Any] {
        for (index, child) in array.enumerated() { visit(child, path: "\(path)/\(index)") }
      }
    }
    visit(root, path: "#")
    return found.sorted()
  }
}
