/// A problem in the configuration file, with its line and column.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let line: Int
    public let column: Int
    public let message: String

    public var description: String { "config \(path):\(line):\(column): \(message)" }
}
