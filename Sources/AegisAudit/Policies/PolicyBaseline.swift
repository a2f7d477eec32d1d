import AegisSources
import Foundation

/// A known-good policy definition file: a YAML (subset, see ``YAMLSubset``) or JSON list of
/// policies with the fields of ``PolicyField`` under their TypeORM names (`isActive`).
/// Policies are matched by name, since a file has no ids: names must be unique. Unknown keys
/// are tolerated; a known key with a value of the wrong kind is an error naming its line and
/// column (for JSON, the policy's position in the list).
public struct PolicyBaseline: Sendable {
    /// The file as given.
    public let path: String
    /// Its policies, in file order.
    public let policies: [PolicyDefinition]

    /// Reads and checks `path`: JSON when it ends in `.json` or starts with `[`/`{`, else YAML.
    public static func load(path: String) throws(PolicyDiffError) -> PolicyBaseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw .baseline(path: path, line: 0, column: 0, message: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .baseline(path: path, line: 0, column: 0, message: "not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Reads the text of a file named `path`.
    public static func parse(_ text: String, path: String) throws(PolicyDiffError) -> PolicyBaseline {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let firstByte = text.utf8.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        let isJSON =
            path.lowercased().hasSuffix(".json") || firstByte == UInt8(ascii: "{")
            || (firstByte == UInt8(ascii: "[") && !path.lowercased().hasSuffix(".yaml")
                && !path.lowercased().hasSuffix(".yml"))
        let document: LocatedValue
        if isJSON {
            do {
                document = LocatedValue(json: try JSONParser.parse(text))
            } catch {
                let (line, column) = position(ofByte: error.offset, in: text)
                throw .baseline(path: path, line: line, column: column, message: "invalid JSON: \(error.message)")
            }
        } else {
            do {
                document = try YAMLSubset.parse(text)
            } catch {
                throw .baseline(path: path, line: error.line, column: error.column, message: error.message)
            }
        }
        return PolicyBaseline(path: path, policies: try policies(in: document, path: path))
    }

    private static func policies(in document: LocatedValue, path: String) throws(PolicyDiffError) -> [PolicyDefinition]
    {
        guard case .list(let items) = document.kind else {
            throw .baseline(
                path: path, line: document.line, column: document.column,
                message: "expected a list of policies, found \(document.kindName)")
        }
        var policies: [PolicyDefinition] = []
        var lineOfName: [String: (Int, Int)] = [:]
        for (offset, item) in items.enumerated() {
            let place = item.line > 0 ? "" : "policy \(offset + 1): "
            guard case .mapping(let members) = item.kind else {
                throw .baseline(
                    path: path, line: item.line, column: item.column,
                    message: "\(place)expected a policy (a mapping of its fields), found \(item.kindName)")
            }
            var values: [PolicyField: JSONValue] = [:]
            for field in PolicyField.allCases {
                let given = members.filter { field.fileKeys.contains($0.key) }
                if given.count > 1 {
                    throw .baseline(
                        path: path, line: given[1].line, column: given[1].column,
                        message: "\(place)give \(field.fileKeys.joined(separator: " or ")) once")
                }
                guard let member = given.first else { continue }
                guard accepts(member.value, for: field) else {
                    throw .baseline(
                        path: path, line: member.value.line, column: member.value.column,
                        message: "\(place)\(member.key) must be \(field.expected), not \(member.value.kindName)")
                }
                values[field] = member.value.json
            }
            guard case .string(let name)? = values[.name] else {
                throw .baseline(
                    path: path, line: item.line, column: item.column, message: "\(place)a policy without a name")
            }
            if let earlier = lineOfName[name] {
                let (line, column) = members.first { $0.key == "name" }.map { ($0.line, $0.column) } ?? (0, 0)
                let first = earlier.0 > 0 ? "line \(earlier.0)" : "policy \(earlier.1)"
                throw .baseline(
                    path: path, line: line, column: column,
                    message: "\(place)a second policy named '\(name)' (the first is at \(first)); names must be unique")
            }
            lineOfName[name] = (item.line, offset + 1)
            policies.append(PolicyDefinition(id: nil, name: name, values: values))
        }
        return policies
    }

    private static func accepts(_ value: LocatedValue, for field: PolicyField) -> Bool {
        switch (field, value.kind) {
        case (_, .null): return field != .name
        case (.name, .string), (.description, .string), (.type, .string), (.effect, .string): return true
        case (.actions, .list(let items)), (.resources, .list(let items)):
            return items.allSatisfy { if case .string = $0.kind { return true } else { return false } }
        case (.conditions, .mapping): return true
        case (.priority, .number(let text)): return Int64(CanonicalJSON.number(text)) != nil
        case (.isActive, .bool): return true
        default: return false
        }
    }

    /// The 1-based line and column of a byte offset.
    static func position(ofByte offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in text.utf8.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
