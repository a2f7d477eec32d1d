/// Why the cache could not be opened, read or written. Messages name the cache file.
public enum CacheError: Error, CustomStringConvertible, Sendable {
    case missing(path: String)
    case notACache(path: String, reason: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case fileSystem(path: String, operation: String, reason: String)
    case sqlite(path: String, SQLiteError)
    case duplicateSourceIDs(path: String, table: String, source: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "cache \(path): no such file (run 'aegis-audit sync' first, or pass --cache)"
        case .notACache(let path, let reason):
            return "cache \(path): not an aegis-audit cache (\(reason)); refusing to touch it"
        case .newerSchema(let path, let found, let supported):
            return "cache \(path): written by a newer aegis-audit (schema version \(found); "
                + "this version knows up to \(supported)); upgrade aegis-audit"
        case .fileSystem(let path, let operation, let reason):
            return "cache \(path): \(operation): \(reason)"
        case .sqlite(let path, let error):
            return "cache \(path): \(error)"
        case .duplicateSourceIDs(let path, let table, let source):
            return "cache \(path): source '\(source)' returned the same id twice for \(table); "
                + "the source table has no unique id"
        }
    }
}
