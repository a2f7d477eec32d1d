import AegisAudit
import AegisSources
import Foundation
import QueryLang

/// Turns a result row into what a person reads: the summary template filled in, values as
/// short text, and the ids a JSON array column holds.
enum FindingText {
    /// The placeholders of a summary template: `{column}` and `{$parameter}`, in order.
    static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The template with each placeholder replaced by its value, in one pass (a value that
    /// itself contains `{...}` is not read again).
    static func render(
        _ template: String, columns: [String], values: [CacheValue], parameters: [String: QueryParameter]
    ) -> String {
        var text = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            let name = rest[rest.index(after: open)..<close]
            if name.hasPrefix("$") {
                text += parameters[String(name.dropFirst())].map(parameterText) ?? "?"
            } else if let index = columns.firstIndex(where: { $0 == name }) {
                text += value(values[index])
            } else {
                text += "?"
            }
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }

    /// A value as short text: NULL as `-`, a JSON array as its items joined with `, `.
    static func value(_ value: CacheValue) -> String {
        switch value {
        case .null: return "-"
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .blob(let bytes): return "\(bytes.count) bytes"
        case .text(let text):
            guard let items = jsonArray(text) else { return text }
            return items.map { $0 ?? "null" }.joined(separator: ", ")
        }
    }

    /// A parameter's value for a summary: a duration as `30d`, a list joined with `, `.
    static func parameterText(_ parameter: QueryParameter) -> String {
        switch parameter {
        case .string(let text), .timestamp(let text): return text
        case .list(let items): return items.map(parameterText).joined(separator: ", ")
        default: return parameter.literalText
        }
    }

    /// The ids in an evidence column: one id, or the items of a JSON array of ids.
    static func ids(_ value: CacheValue) -> [String] {
        switch value {
        case .null, .blob, .real: return []
        case .integer(let number): return [String(number)]
        case .text(let text): return jsonArray(text).map { $0.compactMap { $0 } } ?? [text]
        }
    }

    /// The items of `text` when it is a JSON array of scalars (numbers and strings as text,
    /// null as nil); nil when it is not one.
    static func jsonArray(_ text: String) -> [String?]? {
        guard text.hasPrefix("["), case .array(let items)? = try? JSONParser.parse(text) else { return nil }
        var result: [String?] = []
        for item in items {
            switch item {
            case .null: result.append(nil)
            case .string(let text), .number(let text): result.append(text)
            case .bool(let flag): result.append(flag ? "true" : "false")
            default: return nil
            }
        }
        return result
    }
}

extension FindingText {
    /// Whether `text` is one JSON value.
    static func isJSON(_ text: String) -> Bool { (try? JSONParser.parse(text)) != nil }
}
