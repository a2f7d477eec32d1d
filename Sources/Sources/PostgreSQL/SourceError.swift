/// Why reading a source failed. Every message names the source and its redacted endpoint and
/// never contains a password: reasons are redacted when the error is made.
public enum SourceError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidConnectionString(source: String, reason: String)
    case unreachable(source: String, endpoint: String, reason: String)
    case authenticationFailed(source: String, endpoint: String, reason: String)
    case tlsFailed(source: String, endpoint: String, reason: String)
    case databaseMissing(source: String, endpoint: String, reason: String)
    case notAegisDatabase(source: String, endpoint: String, expectedTables: [String])
    case missingTable(source: String, endpoint: String, table: String)
    case missingColumn(source: String, endpoint: String, table: String, column: String)
    case unknownTimeZone(source: String, endpoint: String, zone: String)
    case queryFailed(source: String, endpoint: String, step: String, reason: String)

    public var description: String {
        switch self {
        case .invalidConnectionString(let source, let reason):
            return "source '\(source)': invalid connection string: \(reason)"
        case .unreachable(let source, let endpoint, let reason):
            return "source '\(source)' (\(endpoint)): server unreachable: \(reason)"
        case .authenticationFailed(let source, let endpoint, let reason):
            return "source '\(source)' (\(endpoint)): authentication failed: \(reason)"
        case .tlsFailed(let source, let endpoint, let reason):
            return "source '\(source)' (\(endpoint)): TLS failure: \(reason)"
        case .databaseMissing(let source, let endpoint, let reason):
            return "source '\(source)' (\(endpoint)): database not found: \(reason)"
        case .notAegisDatabase(let source, let endpoint, let tables):
            return "source '\(source)' (\(endpoint)): not an Aegis \(source) database "
                + "(none of the tables \(tables.joined(separator: ", ")) exist)"
        case .missingTable(let source, let endpoint, let table):
            return
                "source '\(source)' (\(endpoint)): required table '\(table)' is missing (or not readable by this role)"
        case .missingColumn(let source, let endpoint, let table, let column):
            return "source '\(source)' (\(endpoint)): table '\(table)' has no column '\(column)' "
                + "(nor its camelCase form), which the cache requires"
        case .unknownTimeZone(let source, let endpoint, let zone):
            return "source '\(source)' (\(endpoint)): unknown time zone '\(zone)' for --source-timezone"
        case .queryFailed(let source, let endpoint, let step, let reason):
            return "source '\(source)' (\(endpoint)): \(step) failed: \(reason)"
        }
    }
}
