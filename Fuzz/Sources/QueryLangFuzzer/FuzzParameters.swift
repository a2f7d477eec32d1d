import QueryLang

/// Values for `$name` parameters, one of each kind, so queries that use them compile. They are
/// literals too: their words join the query's literal words in ``Invariants``.
enum FuzzParameters {
    static let values: [String: QueryParameter] = [
        "allowlist": .list([.string("kube-system"), .string("cert-manager")]),
        "trusted": .list([.string("10.0.0.0/8"), .string("192.168.0.0/16")]),
        "who": .string("ci-deployer\"quoted'"),
        "limit": .integer(25),
        "window": .duration(7 * 86_400),
        "until": .timestamp("2026-11-18T02:17:00Z"),
    ]

    /// Lowercased words of the parameters' text values.
    static let words: Set<String> = {
        var words: Set<String> = []
        func add(_ value: QueryParameter) {
            switch value {
            case .string(let text):
                for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
                    words.insert(String(word))
                }
            case .list(let items): items.forEach(add)
            default: break
            }
        }
        values.values.forEach(add)
        return words
    }()
}
