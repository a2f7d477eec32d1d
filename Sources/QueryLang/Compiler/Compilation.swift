import AegisAudit
import Foundation

/// State shared while compiling one query: the catalog, the clock, and the parameters bound so
/// far (every literal of the query is a parameter, never SQL text).
final class Compilation {
    let catalog: Catalog
    let now: Date
    private(set) var parameters: [CacheValue] = []

    init(catalog: Catalog, now: Date) {
        self.catalog = catalog
        self.now = now
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
