import AegisSources

/// JSON text in one canonical form, so that two documents that mean the same compare equal:
/// no white space, object members sorted by key (UTF-8 byte order), numbers in one spelling
/// (`1.0` and `1` are the same integer, `1.50` is `1.5`), strings escaped as ``JSONText``.
/// Array order is kept unless `sortingArrays` (for lists that are sets, such as a policy's
/// actions).
public enum CanonicalJSON {
    public static func text(_ value: JSONValue, sortingArrays: Bool = false) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return number(text)
        case .string(let text): return JSONText.string(text)
        case .array(let items):
            var texts = items.map { text($0, sortingArrays: sortingArrays) }
            if sortingArrays { texts.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } }
            return "[" + texts.joined(separator: ",") + "]"
        case .object(let members):
            let sorted = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            return "{"
                + sorted.map { JSONText.string($0.key) + ":" + text($0.value, sortingArrays: sortingArrays) }
                .joined(separator: ",") + "}"
        }
    }

    /// A JSON number's one spelling: integers (also `1.0`, `1e2`) in decimal without a
    /// fraction, other values as Swift prints the nearest Double.
    static func number(_ text: String) -> String {
        if let integer = Int64(text) { return String(integer) }
        guard let double = Double(text), double.isFinite else { return text }
        if double == double.rounded(), abs(double) < 9.0e15 { return String(Int64(double)) }
        return String(double)
    }
}
