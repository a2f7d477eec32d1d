internal import CSQLite

extension SQLiteDatabase {
    /// Registers aegis-audit's SQL functions on this connection: `regexp` (so `text REGEXP
    /// pattern` works), `regex_extract`, `cidr_match`, `ip_is_private`, `format_time`,
    /// `time_bin`, `time_add`, and the aggregates `first_value_of` and `last_value_of`.
    ///
    /// The scalar functions are flagged `SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS`, so SQLite may
    /// evaluate them once for constant arguments and use them in indexes and views; the
    /// aggregates depend on the order rows are fed, so they are only innocuous.
    public func registerAuditFunctions() throws(SQLiteError) {
        try registerAuditFunctions(counters: SQLFunctionCounters())
    }

    /// As ``registerAuditFunctions()``, counting the slow paths in `counters` (for tests).
    func registerAuditFunctions(counters: SQLFunctionCounters) throws(SQLiteError) {
        let pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS
        try register("regexp", 2, pure, counters: counters) { context, _, arguments in
            RegexpFunction.call(context!, arguments!)
        }
        try register("regex_extract", 3, pure, counters: counters) { context, _, arguments in
            RegexExtractFunction.call(context!, arguments!)
        }
        try register("cidr_match", 2, pure, counters: counters) { context, _, arguments in
            CIDRMatchFunction.call(context!, arguments!)
        }
        try register("ip_is_private", 1, pure) { context, _, arguments in
            IPIsPrivateFunction.call(context!, arguments!)
        }
        try register("format_time", 2, pure) { context, count, arguments in
            FormatTimeFunction.call(context!, count, arguments!)
        }
        try register("format_time", 3, pure) { context, count, arguments in
            FormatTimeFunction.call(context!, count, arguments!)
        }
        try register("time_bin", 2, pure) { context, _, arguments in
            TimeBinFunction.call(context!, arguments!)
        }
        try register("time_add", 2, pure) { context, _, arguments in
            TimeAddFunction.call(context!, arguments!)
        }
        let orderDependent = SQLITE_UTF8 | SQLITE_INNOCUOUS
        try registerAggregate(
            "first_value_of", orderDependent,
            step: { context, _, arguments in FirstValueAggregate.step(context!, arguments!) },
            final: { context in ValueAggregate.finish(context!) })
        try registerAggregate(
            "last_value_of", orderDependent,
            step: { context, _, arguments in LastValueAggregate.step(context!, arguments!) },
            final: { context in ValueAggregate.finish(context!) })
    }

    typealias ScalarFunction = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void
    typealias FinalFunction = @convention(c) (OpaquePointer?) -> Void

    /// Registers a scalar function; with `counters`, the function holds a reference to them
    /// (read back with `sqlite3_user_data`), released when SQLite drops the function.
    private func register(
        _ name: String, _ arity: Int32, _ flags: Int32, counters: SQLFunctionCounters? = nil,
        _ function: ScalarFunction
    ) throws(SQLiteError) {
        let userData = counters.map { Unmanaged.passRetained($0).toOpaque() }
        // On failure SQLite calls the destructor itself, so nothing is released here.
        let rc = sqlite3_create_function_v2(
            handle, name, arity, flags, userData, function, nil, nil,
            userData == nil ? nil : { pointer in Unmanaged<SQLFunctionCounters>.fromOpaque(pointer!).release() })
        guard rc == SQLITE_OK else { throw error(rc, "registering the SQL function \(name)") }
    }

    private func registerAggregate(
        _ name: String, _ flags: Int32, step: ScalarFunction, final: FinalFunction
    ) throws(SQLiteError) {
        let rc = sqlite3_create_function_v2(handle, name, 1, flags, nil, nil, step, final, nil)
        guard rc == SQLITE_OK else { throw error(rc, "registering the SQL function \(name)") }
    }
}
