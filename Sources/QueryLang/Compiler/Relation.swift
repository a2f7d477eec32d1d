/// What a pipeline has produced so far: a SELECT, its columns, its time column, and the
/// order its last `sort` gave it.
struct Relation {
    var sql: String
    var columns: [Catalog.Column]
    var timeColumn: String?
    /// `ORDER BY` keys, as quoted column names with direction, while they still hold.
    var order: [(column: String, descending: Bool)] = []
    /// Whether `sql` itself ends in `ORDER BY` (so `head` can append `LIMIT` to it).
    var endsWithOrderBy = false
    /// Whether `sql` already ends in `LIMIT`.
    var endsWithLimit = false

    func column(_ name: String) -> Catalog.Column? { columns.first { $0.name == name } }

    /// Every column quoted, for explicit select lists.
    var quotedList: String { columns.map { Quote.identifier($0.name) }.joined(separator: ", ") }
}

enum Quote {
    /// A name as an SQL identifier. Names come from the catalog or the query's own identifiers
    /// (letters, digits, `_`), and embedded quotes are doubled all the same.
    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
