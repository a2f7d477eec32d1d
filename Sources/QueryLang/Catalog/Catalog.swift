import AegisAudit

/// The tables, views and columns of a cache: what a query is checked against before any SQL
/// runs.
public struct Catalog: Sendable {
    public struct Column: Sendable, Equatable {
        public let name: String
        public let type: ValueType

        public init(name: String, type: ValueType) {
            self.name = name
            self.type = type
        }
    }

    public struct Table: Sendable {
        public let name: String
        public let columns: [Column]
        /// The column `since`, `between`, `new`, `timechart`, `first` and `last` use.
        public let timeColumn: String?
        /// The arms of a `UNION ALL` view, when the compiler may read them with fewer columns.
        public let union: UnionView?

        public init(name: String, columns: [Column], timeColumn: String?, union: UnionView? = nil) {
            self.name = name
            self.columns = columns
            self.timeColumn = timeColumn
            self.union = union
        }
    }

    public let tables: [String: Table]

    public init(tables: [String: Table]) { self.tables = tables }

    /// Columns whose TEXT holds a timestamp in the cache's form.
    static let timestampNames: Set<String> = [
        "created_at", "completed_at", "occurred_at", "last_login", "updated_at", "time", "started_at", "finished_at",
        "taken_at", "snapshot_taken_at",
    ]

    /// Reads every table and view of an open cache.
    public static func load(from cache: Cache) throws -> Catalog {
        let database = cache.database
        let names = try database.prepare(
            "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        var tables: [String: Table] = [:]
        var found: [String] = []
        while try names.step() { if let name = names.text(0) { found.append(name) } }
        for name in found {
            let info = try database.prepare("SELECT name, type FROM pragma_table_info(?1)")
            info.bind(1, name)
            var columns: [Column] = []
            while try info.step() {
                let column = info.text(0) ?? ""
                columns.append(Column(name: column, type: type(of: column, declared: info.text(1) ?? "")))
            }
            let time = ["created_at", "occurred_at", "time", "taken_at", "started_at"].first { candidate in
                columns.contains { $0.name == candidate }
            }
            // Only while the cache's view has the arms' columns (the arms are the view's text).
            let union = UnionView.cacheViews.first { $0.name == name && $0.columns == columns.map(\.name) }
            tables[name] = Table(name: name, columns: columns, timeColumn: time, union: union)
        }
        return Catalog(tables: tables)
    }

    static func type(of column: String, declared: String) -> ValueType {
        if timestampNames.contains(column) { return .timestamp }
        switch declared.uppercased() {
        case "INTEGER":
            return column.hasPrefix("is_") || column == "reconciled" || column == "recoverable" ? .boolean : .integer
        case "REAL": return .real
        case "JSONTEXT": return .json
        case "BLOB": return .blob
        case "TEXT": return .text
        default: return .any
        }
    }
}
