import AegisAudit
import Foundation

/// Reads a hunt file: TOML (the subset the config uses, with multi-line strings for the
/// query), checked key by key. See `docs/hunts.md` for the format.
public enum HuntFile {
    static let topKeys: Set<String> = [
        "id", "title", "description", "severity", "techniques", "tables", "summary", "time", "evidence", "query",
    ]
    static let parameterKeys: Set<String> = ["type", "default", "context", "description", "required"]

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws(HuntError) -> Hunt {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file(path: path, line: 0, column: 0, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .file(path: path, line: 0, column: 0, message: "not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses hunt file text; `path` names it in errors and gives the expected id.
    public static func parse(_ text: String, path: String) throws(HuntError) -> Hunt {
        let values: [String: TOMLSubset.Located]
        do { values = try TOMLSubset.parseLocated(text, path: path) } catch { throw HuntError(error) }
        var fields = Fields(values: values, path: path)
        for (key, located) in values.sorted(by: { $0.value.line < $1.value.line }) {
            let parts = key.split(separator: ".").map(String.init)
            let known =
                parts.count == 1
                ? topKeys.contains(key)
                : parts.count == 3 && parts[0] == "parameters" && parameterKeys.contains(parts[2])
            guard known else {
                throw .file(
                    path: path, line: located.line, column: located.keyColumn,
                    message: "unknown key '\(key)' (known: \(topKeys.sorted().joined(separator: ", ")), "
                        + "parameters.<name>.{\(parameterKeys.sorted().joined(separator: ", "))})")
            }
        }
        let id = try fields.string("id")
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard id.range(of: #"^[a-z0-9]+(-[a-z0-9]+)*$"#, options: .regularExpression) != nil else {
            throw fields.error("id", "the id must be lowercase words joined by '-'")
        }
        guard id == stem else { throw fields.error("id", "the id must be the file's name, '\(stem)'") }
        let severityText = try fields.string("severity")
        guard let severity = Severity(rawValue: severityText) else {
            throw fields.error(
                "severity", "severity must be one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let techniques = try fields.strings("techniques", required: false) ?? []
        for technique in techniques
        where technique.range(of: #"^T[0-9]{4}(\.[0-9]{3})?$"#, options: .regularExpression) == nil {
            throw fields.error("techniques", "'\(technique)' is not an ATT&CK technique id such as T1078 or T1550.001")
        }
        let tables = try fields.strings("tables")!
        guard !tables.isEmpty else { throw fields.error("tables", "name the tables the query reads") }
        var evidence: [EvidenceColumn] = []
        for item in try fields.strings("evidence", required: false) ?? [] {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, tables.contains(parts[0]) || parts[0] == EvidenceColumn.anyTable,
                !parts[1].isEmpty
            else {
                throw fields.error(
                    "evidence", "'\(item)' must be table:column, with the table among 'tables', or *:column")
            }
            evidence.append(EvidenceColumn(table: parts[0], column: parts[1]))
        }
        return Hunt(
            id: id, title: try fields.string("title"), description: try fields.string("description"),
            severity: severity, techniques: techniques, tables: tables, parameters: try parameters(&fields),
            query: try fields.string("query"), summary: try fields.string("summary"),
            timeColumn: try fields.optionalString("time"), evidence: evidence, path: path)
    }

    /// The `[parameters.<name>]` tables, in file order.
    private static func parameters(_ fields: inout Fields) throws(HuntError) -> [HuntParameter] {
        let names = fields.values.filter { $0.key.hasPrefix("parameters.") }
            .sorted { $0.value.line < $1.value.line }
            .map { String($0.key.split(separator: ".")[1]) }
        var seen = Set<String>()
        var result: [HuntParameter] = []
        for name in names where seen.insert(name).inserted {
            let prefix = "parameters.\(name)."
            guard name.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) != nil,
                !Hunt.builtInParameters.contains(name)
            else {
                throw fields.error(
                    prefix + "type", "'\(name)' cannot name a parameter (a QueryLang name, not since or until)")
            }
            let typeText = try fields.string(prefix + "type")
            guard let kind = HuntParameter.Kind(rawValue: typeText) else {
                throw fields.error(
                    prefix + "type",
                    "type must be one of \(HuntParameter.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let contextKey = try fields.optionalString(prefix + "context")
            if let contextKey, HuntContextKey.all[contextKey] == nil {
                throw fields.error(
                    prefix + "context",
                    "no context value '\(contextKey)' (known: \(HuntContextKey.all.keys.sorted().joined(separator: ", ")))"
                )
            }
            var defaultValue: HuntParameter.Default?
            if let located = fields.values[prefix + "default"] {
                guard contextKey == nil else {
                    throw fields.error(prefix + "default", "give either a default or a context, not both")
                }
                switch located.value {
                case .string(let text): defaultValue = .text(text)
                case .integer(let number): defaultValue = .integer(number)
                case .strings(let items): defaultValue = .strings(items)
                case .boolean: throw fields.error(prefix + "default", "a parameter cannot be a boolean")
                }
            }
            var required = false
            if let located = fields.values[prefix + "required"] {
                guard case .boolean(let flag) = located.value else {
                    throw fields.error(prefix + "required", "required must be true or false")
                }
                required = flag
            }
            let parameter = HuntParameter(
                name: name, kind: kind, description: try fields.optionalString(prefix + "description") ?? "",
                defaultValue: defaultValue, contextKey: contextKey, required: required)
            // A default that cannot be read is the file's mistake: report it here.
            if defaultValue != nil {
                do { _ = try parameter.defaultValue(context: InvestigationContext()) } catch {
                    throw fields.error(prefix + "default", error.description)
                }
            }
            result.append(parameter)
        }
        return result
    }

    /// Typed access to the parsed keys, with errors at the value's position.
    private struct Fields {
        let values: [String: TOMLSubset.Located]
        let path: String

        func error(_ key: String, _ message: String) -> HuntError {
            let located = values[key]
            return .file(path: path, line: located?.line ?? 0, column: located?.valueColumn ?? 0, message: message)
        }

        func optionalString(_ key: String) throws(HuntError) -> String? {
            guard let located = values[key] else { return nil }
            guard case .string(let text) = located.value else { throw error(key, "'\(key)' must be a string") }
            return text
        }

        func string(_ key: String) throws(HuntError) -> String {
            guard let text = try optionalString(key) else { throw error(key, "'\(key)' is missing") }
            return text
        }

        func strings(_ key: String, required: Bool = true) throws(HuntError) -> [String]? {
            guard let located = values[key] else {
                if required { throw error(key, "'\(key)' is missing") }
                return nil
            }
            guard case .strings(let items) = located.value else {
                throw error(key, "'\(key)' must be an array of strings")
            }
            return items
        }
    }
}
