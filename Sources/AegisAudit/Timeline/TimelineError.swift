/// What can go wrong building a timeline: a filter the user gave that cannot be understood
/// (exit 2), or a cache that lacks the `timeline` view and cannot be migrated (exit 4).
public enum TimelineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option's value is not what it must be: `--ip 10.0.0.0/33`, `--since yesterday`.
    case invalidOption(option: String, value: String, expected: String)
    /// Options that cannot be used together.
    case conflictingOptions(String)
    /// The cache predates the timeline view and could not be brought up to date.
    case cacheTooOld(path: String, version: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidOption(let option, let value, let expected):
            return "\(option): '\(value)' is not \(expected)"
        case .conflictingOptions(let message):
            return message
        case .cacheTooOld(let path, let version, let reason):
            return "cache \(path): schema version \(version) has no timeline view, and migrating it failed: \(reason)"
        }
    }

    /// The exit code: 2 for options, 4 for the cache.
    public var exitCode: Int32 {
        if case .cacheTooOld = self { return 4 }
        return 2
    }
}
