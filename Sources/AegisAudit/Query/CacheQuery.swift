internal import CSQLite
import Foundation

/// Runs read-only SQL against the cache and streams the result into a ``RowSink``.
public enum CacheQuery {
    /// Runs the one statement in `sql`; returns the number of rows written to `sink` (in place
    /// when the sink is a ``RawRowSink``, as values otherwise).
    /// The cache must have been opened with ``Cache/openForReading(path:)`` (query_only).
    @discardableResult
    public static func run(_ sql: String, parameters: [CacheValue] = [], on cache: Cache, into sink: RowSink) throws -> Int {
        let statement = try prepare(sql, cache: cache)
        statement.bind(parameters)
        let count = statement.columnCount
        let columns = (0..<count).map {
            ResultColumn(name: statement.columnName($0), declaredType: statement.declaredType($0))
        }
        try sink.begin(columns: columns)
        var rows = 0
        if let raw = sink as? RawRowSink {
            let row = RawRow(handle: statement.handle, count: count)
            while try step(statement, sql: sql, cache: cache) {
                row.advance()
                try raw.write(raw: row)
                rows += 1
            }
            try sink.finish()
            return rows
        }
        var values = [CacheValue](repeating: .null, count: count)
        while try step(statement, sql: sql, cache: cache) {
            for index in 0..<count {
                switch statement.type(index) {
                case .null: values[index] = .null
                case .integer: values[index] = .integer(statement.int64(index))
                case .real: values[index] = .real(statement.double(index))
                case .text: values[index] = .text(statement.text(index) ?? "")
                case .blob: values[index] = .blob(statement.blob(index))
                }
            }
            try sink.write(row: values)
            rows += 1
        }
        try sink.finish()
        return rows
    }

    /// SQLite's plan for `sql`: one line per step, indented by depth.
    public static func plan(_ sql: String, parameters: [CacheValue] = [], on cache: Cache) throws -> [String] {
        let statement = try prepare("EXPLAIN QUERY PLAN " + sql, cache: cache)
        statement.bind(parameters)
        var depthByID: [Int64: Int] = [:]
        var lines: [String] = []
        while try step(statement, sql: sql, cache: cache) {
            let depth = (depthByID[statement.int64(1)] ?? -1) + 1
            depthByID[statement.int64(0)] = depth
            lines.append(String(repeating: "  ", count: depth) + (statement.text(3) ?? ""))
        }
        return lines
    }

    private static func prepare(_ sql: String, cache: Cache) throws -> SQLiteStatement {
        var handle: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let database = cache.database.handle
        let (rc, rest): (Int32, String) = sql.withCString { text in
            let rc = sqlite3_prepare_v2(database, text, -1, &handle, &tail)
            return (rc, tail.map { String(cString: $0) } ?? "")
        }
        guard rc == SQLITE_OK else {
            let offset = Int(sqlite3_error_offset(database))
            throw QueryError(
                query: sql, offset: offset >= 0 ? offset : nil, message: String(cString: sqlite3_errmsg(database)))
        }
        guard let handle else { throw QueryError(query: sql, offset: nil, message: "the query is empty") }
        let statement = SQLiteStatement(handle: handle, database: cache.database)
        let trailing = rest.trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: ";")))
        guard trailing.isEmpty else {
            throw QueryError(
                query: sql, offset: sql.utf8.count - rest.utf8.count,
                message: "only one statement may be run at a time")
        }
        return statement
    }

    private static func step(_ statement: SQLiteStatement, sql: String, cache: Cache) throws -> Bool {
        do { return try statement.step() } catch {
            let readOnly = error.code & 0xff == SQLITE_READONLY
            throw QueryError(
                query: sql, offset: nil,
                message: readOnly ? "the cache is read-only for queries (\(error.message))" : error.message)
        }
    }
}
