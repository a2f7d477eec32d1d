/// One stream of a `query_range` answer: its label set and its entries, in the order Loki sent.
public struct LokiStream: Sendable {
    /// The labels as Loki sent them (indexed labels, plus structured metadata and parser output
    /// in the default encoding).
    public let labels: [String: String]
    /// The labels as one canonical JSON object, keys sorted: the stream's identity.
    public let key: String
    /// (nanoseconds since the epoch, line).
    public let entries: [(timestamp: Int64, line: String)]
}

extension LokiStream {
    /// `{"a":"1","b":"2"}` with keys in byte order and JSON escaping.
    static func canonicalKey(_ labels: [String: String]) -> String {
        let members = labels.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { "\(jsonString($0.key)):\(jsonString($0.value))" }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func jsonString(_ text: String) -> String { JSONText.string(text) }
}
