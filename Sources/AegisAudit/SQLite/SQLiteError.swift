/// A failure of the SQLite library, with the operation that caused it.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The SQLite result code.
    public let code: Int32
    /// SQLite's message.
    public let message: String
    /// What we were doing ("preparing a statement", "inserting into audit_events").
    public let operation: String

    public var description: String { "\(operation): \(message)" }
}
