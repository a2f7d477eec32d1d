/// A problem in the configuration file, with its line and column.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let line: Int
    public let column: Int
    public let message: String

    /// `config FILE:LINE:COLUMN: message`; without the position for a whole-file problem
    /// (line 0: unreadable, not UTF-8).
    public var description: String {
        line > 0 ? "config \(path):\(line):\(column): \(message)" : "config \(path): \(message)"
    }
}
