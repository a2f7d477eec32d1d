import AegisSources
import AegisAudit
import Foundation
import QueryLang

/// JSON text for what is stored and exported: strings escaped per RFC 8259, object members in
/// a fixed order, JSON columns (a `values()` array) embedded as JSON.
public enum FindingJSON {
    /// `"text"` with the escapes JSON requires.
    public static func string(_ text: String) -> String { JSONText.string(text) }

    public static func array(_ items: [String]) -> String { "[" + items.map(string).joined(separator: ",") + "]" }

    /// A cache value: a JSON array or object held as text is embedded as it is.
    public static func value(_ value: CacheValue) -> String {
        switch value {
        case .null: return "null"
        case .integer(let number): return String(number)
        case .real(let number): return number.isFinite ? String(number) : "null"
        case .blob(let bytes): return string(bytes.map { String(format: "%02x", $0) }.joined())
        case .text(let text):
            if text.hasPrefix("[") || text.hasPrefix("{"), FindingText.isJSON(text) { return text }
            return string(text)
        }
    }

    /// `{"column": value, ...}` in column order.
    public static func row(columns: [String], values: [CacheValue]) -> String {
        "{" + zip(columns, values).map { "\(string($0)):\(value($1))" }.joined(separator: ",") + "}"
    }

    /// A parameter's value: a string, a number of seconds for a duration, an array for a list.
    public static func parameter(_ value: QueryParameter) -> String {
        switch value {
        case .string(let text), .timestamp(let text): return string(text)
        case .integer(let number): return String(number)
        case .duration: return string(value.literalText)
        case .list(let items): return "[" + items.map(parameter).joined(separator: ",") + "]"
        }
    }

    /// The parameters as an object, by name.
    public static func parameters(_ values: [String: QueryParameter]) -> String {
        "{" + values.keys.sorted().map { "\(string($0)):\(parameter(values[$0]!))" }.joined(separator: ",") + "}"
    }
}
