internal import CSQLite
import Foundation

/// One SQLite connection. Not `Sendable`: a connection and its statements stay on one thread.
public final class SQLiteDatabase {
    let handle: OpaquePointer
    /// The file this connection opened.
    public let path: String

    /// Opens `path`; `create` allows a new file, `readOnly` opens it with SQLITE_OPEN_READONLY.
    public init(path: String, readOnly: Bool = false, create: Bool = false) throws(SQLiteError) {
        var connection: OpaquePointer?
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        flags |= SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &connection, flags, nil)
        guard rc == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw SQLiteError(code: rc, message: message, operation: "opening \(path)")
        }
        handle = connection
        self.path = path
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, 5_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String, operation: String? = nil) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard rc == SQLITE_OK else {
            let message =
                (errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle)))
                + systemReason(rc)
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc, message: message, operation: operation ?? "running \(sql.prefix(60))")
        }
    }

    /// Compiles one statement.
    public func prepare(_ sql: String, operation: String? = nil) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw error(rc, operation ?? "preparing \(sql.prefix(60))")
        }
        return SQLiteStatement(handle: statement, database: self)
    }

    /// Makes the statement running on this connection stop soon with SQLITE_INTERRUPT (a no-op
    /// when none runs). The one call that is safe from another thread, e.g. on Ctrl-C.
    public func interrupt() { sqlite3_interrupt(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// The single integer a query returns (nil when it returns no row or NULL).
    public func integer(_ sql: String, _ arguments: [String] = []) throws(SQLiteError) -> Int64? {
        let statement = try prepare(sql)
        for (index, argument) in arguments.enumerated() { statement.bind(index + 1, argument) }
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    /// The single text value a query returns (nil when it returns no row or NULL).
    public func text(_ sql: String, _ arguments: [String] = []) throws(SQLiteError) -> String? {
        let statement = try prepare(sql)
        for (index, argument) in arguments.enumerated() { statement.bind(index + 1, argument) }
        guard try statement.step() else { return nil }
        return statement.text(0)
    }

    func error(_ rc: Int32, _ operation: String) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)) + systemReason(rc), operation: operation)
    }

    /// For an I/O or disk-full error, the operating system's reason (" (File too large)"), which
    /// SQLite's own "disk I/O error" leaves out; empty otherwise.
    private func systemReason(_ rc: Int32) -> String {
        guard rc & 0xFF == SQLITE_IOERR || rc & 0xFF == SQLITE_FULL else { return "" }
        let code = sqlite3_system_errno(handle)
        return code == 0 ? "" : " (\(String(cString: strerror(code))))"
    }
}
