internal import CSQLite

/// How often the SQL functions took their slow paths on one connection: each count is one
/// compile that the per-statement cache (`sqlite3_set_auxdata`) did not save.
///
/// Read by tests to prove that a constant pattern is compiled once per statement, not once
/// per row. Not `Sendable`: it belongs to the connection's thread, like the connection.
final class SQLFunctionCounters {
    /// Regular expressions compiled by `regexp` and `regex_extract`.
    var patternCompiles = 0
    /// CIDR blocks parsed by `cidr_match`.
    var cidrParses = 0

    init() {}

    /// The counters registered with the function that is running.
    static func of(_ context: OpaquePointer) -> SQLFunctionCounters? {
        sqlite3_user_data(context).map { Unmanaged<SQLFunctionCounters>.fromOpaque($0).takeUnretainedValue() }
    }
}
