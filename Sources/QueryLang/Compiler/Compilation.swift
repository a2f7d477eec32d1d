import AegisAudit
import Foundation

/// State shared while compiling one query: the catalog, the clock, and the parameters bound so
/// far (every literal of the query is a parameter, never SQL text).
final class Compilation {
    let catalog: Catalog
    let now: Date
    /// Whether a `UNION ALL` view is read through its arms with only the columns used.
    let narrowsUnions: Bool
    private(set) var parameters: [CacheValue] = []
    /// The narrowed unions, in order: `aegis_u1`, `aegis_u2`, ...
    private(set) var unions: [String] = []
    /// Whether the query reads a view that ``narrowsUnions`` would narrow.
    var readsUnionView = false

    init(catalog: Catalog, now: Date, narrowsUnions: Bool = false) {
        self.catalog = catalog
        self.now = now
        self.narrowsUnions = narrowsUnions
    }

    /// Adds a narrowed union; returns the name it is read by.
    func addUnion(_ sql: String) -> String {
        unions.append(sql)
        return "aegis_u\(unions.count)"
    }

    /// `sql` with the narrowed unions defined before it, as views SQLite inlines (so that filters
    /// still reach each arm's indexes).
    func withUnions(_ sql: String) -> String {
        guard !unions.isEmpty else { return sql }
        let definitions = unions.enumerated().map { "aegis_u\($0.offset + 1) AS NOT MATERIALIZED (\($0.element))" }
            .joined(separator: ", ")
        return sql.hasPrefix("WITH ") ? "WITH \(definitions), " + sql.dropFirst(5) : "WITH \(definitions) " + sql
    }

    /// Binds a value; returns its placeholder (`?7`).
    func bind(_ value: CacheValue) -> String {
        parameters.append(value)
        return "?\(parameters.count)"
    }
}

/// A compiled expression: its SQL, its type, and whether it aggregates.
struct TypedSQL {
    let sql: String
    let type: ValueType
    let aggregate: Bool
}
