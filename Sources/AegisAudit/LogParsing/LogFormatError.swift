/// A log format file (or folder) that cannot be used: which file, and what is wrong with it.
public struct LogFormatError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path of the file (or folder) at fault.
    public let file: String
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "log format file \(file): \(message)" }
}
