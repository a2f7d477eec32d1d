/// A failure while copying rows that is neither the source's nor the cache file's fault.
public enum SyncFailure: Error, CustomStringConvertible, Sendable {
    /// The source sent a row with a different number of fields than the SELECT asked for.
    case malformedRow(source: String, table: String, expected: Int, found: Int)
    /// The source sent a row whose id is NULL: it could be neither matched with its cached
    /// version nor verified later (each sync would store it again).
    case rowWithoutID(source: String, table: String)
    /// A duration option could not be read.
    case invalidDuration(option: String, value: String)
    /// No source was configured.
    case noSources

    public var description: String {
        switch self {
        case .malformedRow(let source, let table, let expected, let found):
            return "source '\(source)': table \(table): a row had \(found) fields where \(expected) were asked for"
        case .rowWithoutID(let source, let table):
            return "source '\(source)': table \(table) has a row whose id is NULL; every audit row needs an id "
                + "(find it with: SELECT * FROM \(table) WHERE id IS NULL)"
        case .invalidDuration(let option, let value):
            return "\(option): '\(value)' is not a duration (examples: 0, 90s, 10m, 2h, 1d)"
        case .noSources:
            return "no source to sync: give --backend and/or --executor, or a config file with [sources.*]"
        }
    }
}
