/// Why `policies diff` cannot compare: a baseline file it cannot read (with its line and
/// column), or snapshots that are not there. All are mistakes in what was asked (exit 2); a
/// cache that cannot be read is a ``CacheError``.
public enum PolicyDiffError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A baseline file's mistake; line 0 when the position is not known (a JSON file's content).
    case baseline(path: String, line: Int, column: Int, message: String)
    /// `--from`/`--to` names no snapshot the cache holds.
    case unknownSnapshot(option: String, value: String, reason: String)
    /// Nothing to compare with.
    case nothingToCompare(String)
    /// Options that cannot be used together.
    case conflictingOptions(String)

    public var description: String {
        switch self {
        case .baseline(let path, let line, let column, let message):
            return line > 0 ? "baseline \(path):\(line):\(column): \(message)" : "baseline \(path): \(message)"
        case .unknownSnapshot(let option, let value, let reason):
            return "\(option) \(value): \(reason)"
        case .nothingToCompare(let message), .conflictingOptions(let message):
            return message
        }
    }

    /// Always 2: the command line or the file given must change.
    public var exitCode: Int32 { 2 }
}
