/// A value given to a query from outside its text. `$name` in the query stands for it and is
/// read as the literal it would be written as (`30d`, `"kube-system"`, `5`,
/// `2026-11-18T00:00Z`), so it is checked and bound like any literal: a parameter is never
/// spliced into the query text or the SQL.
///
/// A list can follow `in` (`namespace not in $allowlist`) or give `cidr_match` a set of
/// networks (`cidr_match(ip_address, $trusted)`).
public enum QueryParameter: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    /// A duration in seconds.
    case duration(Double)
    /// An ISO 8601 timestamp, as a timestamp literal is written.
    case timestamp(String)
    case list([QueryParameter])

    /// The kind of value, for messages: "a string", "a list", ...
    public var kind: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .duration: return "a duration"
        case .timestamp: return "a timestamp"
        case .list: return "a list"
        }
    }

    /// The value as a QueryLang literal would write it (`"kube-system"`, `30d`, `(1, 2)`).
    public var literalText: String {
        switch self {
        case .string(let text):
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\r", with: "\\r")
            return "\"\(escaped)\""
        case .integer(let value): return String(value)
        case .duration(let seconds): return Self.durationText(seconds)
        case .timestamp(let text): return text
        case .list(let items): return "(" + items.map(\.literalText).joined(separator: ", ") + ")"
        }
    }

    /// `30d`, `90m`, `45s`, `250ms`: the largest unit that divides the duration exactly.
    static func durationText(_ seconds: Double) -> String {
        for (unit, scale) in [("w", 604_800.0), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
        where seconds != 0 && (seconds / scale).rounded() == seconds / scale {
            return "\(Int64(seconds / scale))\(unit)"
        }
        let millis = seconds * 1000
        return millis.rounded() == millis ? "\(Int64(millis))ms" : "\(seconds)s"
    }
}
