internal import CSQLite

/// Reading arguments and setting results inside a SQLite function, without Swift allocations.
enum SQLFunctionValues {
    @inline(__always)
    static func isNull(_ value: OpaquePointer) -> Bool { sqlite3_value_type(value) == SQLITE_NULL }

    /// The argument as UTF-8 bytes, borrowed from SQLite (valid until the argument is converted
    /// or the function returns). Zero-terminated one byte past the end. Nil only when SQLite
    /// ran out of memory converting it, in which case the error is already set.
    @inline(__always)
    static func text(_ value: OpaquePointer, _ context: OpaquePointer) -> UnsafeBufferPointer<UInt8>? {
        // sqlite3_value_text before sqlite3_value_bytes: the documented safe order.
        guard let pointer = sqlite3_value_text(value) else {
            sqlite3_result_error_nomem(context)
            return nil
        }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_value_bytes(value)))
    }

    /// The argument as a Swift string, for error messages and slow paths only.
    static func string(_ value: OpaquePointer) -> String {
        guard let pointer = sqlite3_value_text(value) else { return "" }
        return String(
            decoding: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_value_bytes(value))), as: UTF8.self)
    }

    /// A number argument: an integer, a real, or text that reads as one.
    enum Number {
        case integer(Int64)
        case real(Double)
    }

    /// The argument as a number, or nil when it is not one (text that is not numeric, a blob).
    static func number(_ value: OpaquePointer) -> Number? {
        switch sqlite3_value_numeric_type(value) {
        case SQLITE_INTEGER: return .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT: return .real(sqlite3_value_double(value))
        default: return nil
        }
    }

    /// Sets a text result, copied by SQLite.
    @inline(__always)
    static func resultText(_ context: OpaquePointer, _ start: UnsafePointer<UInt8>, _ count: Int) {
        sqlite3_result_text(
            context, UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self), Int32(count),
            aegis_sqlite_transient())
    }

    /// Fails the statement with `message` (SQLite copies it).
    static func resultError(_ context: OpaquePointer, _ message: String) {
        sqlite3_result_error(context, message, -1)
    }

    /// A message fragment quoting a user value, cut short so an error stays one readable line.
    static func quoted(_ text: String) -> String {
        let limit = 120
        return text.utf8.count <= limit ? "'\(text)'" : "'\(text.prefix(limit))…'"
    }
}

/// The per-statement cache of a value derived from a constant argument (a compiled pattern, a
/// parsed CIDR), kept with `sqlite3_get_auxdata` / `sqlite3_set_auxdata`.
///
/// `sqlite3_set_auxdata` may run the destructor at once (when the argument is not constant,
/// or under memory pressure), so callers use the object first and call ``store(_:_:argument:)``
/// last; the cache owns one reference handed over with `Unmanaged.passRetained`.
enum AuxiliaryCache {
    /// Runs `body` with the object cached on `argument` without retaining it (the cache keeps
    /// it alive for the call), or returns nil when nothing is cached there.
    @inline(__always)
    static func withCached<Object: AnyObject, Result>(
        _ context: OpaquePointer, argument: Int32, as type: Object.Type, _ body: (Object) -> Result
    ) -> Result? {
        guard let pointer = sqlite3_get_auxdata(context, argument) else { return nil }
        return Unmanaged<Object>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
    }

    static func store<Object: AnyObject>(_ context: OpaquePointer, _ object: Object, argument: Int32) {
        sqlite3_set_auxdata(context, argument, Unmanaged.passRetained(object).toOpaque()) { pointer in
            guard let pointer else { return }
            Unmanaged<AnyObject>.fromOpaque(pointer).release()
        }
    }
}
