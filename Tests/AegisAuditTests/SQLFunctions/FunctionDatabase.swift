import Testing

@testable import AegisAudit

/// An in-memory SQLite database with aegis-audit's SQL functions registered, counting their
/// slow paths, and helpers that run one query and read its result.
final class FunctionDatabase {
    let database: SQLiteDatabase
    let counters = SQLFunctionCounters()

    init() throws {
        database = try SQLiteDatabase(path: ":memory:", create: true)
        try database.registerAuditFunctions(counters: counters)
    }

    /// Every row of a query, each as its values.
    func rows(_ sql: String, _ parameters: [CacheValue] = []) throws -> [[CacheValue]] {
        let statement = try database.prepare(sql)
        for (index, parameter) in parameters.enumerated() {
            switch parameter {
            case .null: statement.bindNull(index + 1)
            case .integer(let value): statement.bind(index + 1, value)
            case .real(let value): statement.bind(index + 1, value)
            case .text(let value): statement.bind(index + 1, value)
            case .blob(let value): statement.bindBlob(index + 1, value)
            }
        }
        var rows: [[CacheValue]] = []
        while try statement.step() {
            rows.append(
                (0..<statement.columnCount).map { column in
                    switch statement.type(column) {
                    case .null: .null
                    case .integer: .integer(statement.int64(column))
                    case .real: .real(statement.double(column))
                    case .text: .text(statement.text(column)!)
                    case .blob: .blob(statement.blob(column))
                    }
                })
        }
        return rows
    }

    /// The single value of a one-row, one-column query.
    func value(_ sql: String, _ parameters: CacheValue...) throws -> CacheValue {
        let result = try rows(sql, parameters)
        try #require(result.count == 1 && result[0].count == 1, "expected one value from \(sql), got \(result)")
        return result[0][0]
    }

    /// The message of the error the query fails with (nil when it does not fail).
    func errorMessage(_ sql: String, _ parameters: CacheValue...) -> String? {
        do {
            _ = try rows(sql, parameters)
            return nil
        } catch let error as SQLiteError {
            return error.message
        } catch {
            return "not a SQLite error: \(error)"
        }
    }

    /// A table `t(id INTEGER PRIMARY KEY, v)` holding `count` rows made by `expression` over
    /// `i` (1-based), e.g. `'GET /api/' || i`.
    func fill(_ count: Int, _ expression: String, table: String = "t") throws {
        try database.execute(
            """
            CREATE TABLE \(table) (id INTEGER PRIMARY KEY, v);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
            INSERT INTO \(table) (id, v) SELECT i, \(expression) FROM n;
            """)
    }
}
