internal import CSQLite

/// The storage class of a result value.
public enum SQLiteValueType: Sendable {
    case integer, real, text, blob, null
}

/// A prepared statement: bind, step, read columns, reset. Owned by one ``SQLiteDatabase``.
public final class SQLiteStatement {
    let handle: OpaquePointer
    private let database: SQLiteDatabase

    init(handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: Binding (1-based indexes, as SQLite counts)

    public func bind(_ index: Int, _ value: Int64) { sqlite3_bind_int64(handle, Int32(index), value) }
    public func bind(_ index: Int, _ value: Double) { sqlite3_bind_double(handle, Int32(index), value) }
    public func bindNull(_ index: Int) { sqlite3_bind_null(handle, Int32(index)) }

    /// Binds text, copied, with its exact length: an embedded NUL is kept.
    public func bind(_ index: Int, _ value: String?) {
        guard var value else { return bindNull(index) }
        value.withUTF8 { bytes in
            let pointer = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            sqlite3_bind_text(
                handle, Int32(index), pointer.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                aegis_sqlite_transient())
        }
    }

    /// Binds bytes as TEXT without copying: they must stay valid until the next step or reset.
    public func bindText(_ index: Int, borrowing bytes: UnsafeBufferPointer<UInt8>) {
        let pointer = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
        sqlite3_bind_text(
            handle, Int32(index), pointer.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
            aegis_sqlite_static())
    }

    /// Binds bytes as a BLOB, copied.
    public func bindBlob(_ index: Int, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob(
                handle, Int32(index), raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!,
                Int32(raw.count), aegis_sqlite_transient())
        }
    }

    // MARK: Running

    /// Advances; true while a row is available.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.error(rc, "running \(sql.prefix(80))")
    }

    /// Makes the statement ready to run again (bindings are kept).
    public func reset() { sqlite3_reset(handle) }

    /// Resets and clears every binding.
    public func clear() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The statement's SQL text.
    public var sql: String { sqlite3_sql(handle).map { String(cString: $0) } ?? "" }

    // MARK: Reading the current row (0-based, as SQLite counts)

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public func columnName(_ index: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(index))) }
    /// The declared type of the column the result comes from (nil for expressions).
    public func declaredType(_ index: Int) -> String? {
        sqlite3_column_decltype(handle, Int32(index)).map { String(cString: $0) }
    }

    public func type(_ index: Int) -> SQLiteValueType {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: return .integer
        case SQLITE_FLOAT: return .real
        case SQLITE_TEXT: return .text
        case SQLITE_BLOB: return .blob
        default: return .null
        }
    }

    public func isNull(_ index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }
    public func int64(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }
    public func double(_ index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    public func text(_ index: Int) -> String? {
        guard let pointer = sqlite3_column_text(handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    public func blob(_ index: Int) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard count > 0, let pointer = sqlite3_column_blob(handle, Int32(index)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
