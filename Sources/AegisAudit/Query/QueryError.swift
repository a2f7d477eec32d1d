/// A query the cache refused, with the byte offset SQLite points at when it knows one.
public struct QueryError: Error, CustomStringConvertible, Sendable {
    public let query: String
    /// Byte offset into `query`, or nil.
    public let offset: Int?
    public let message: String

    public init(query: String, offset: Int?, message: String) {
        self.query = query
        self.offset = offset
        self.message = message
    }

    /// `query:LINE:COLUMN: error: MESSAGE`, then the line and a caret under the column.
    public var description: String {
        guard let offset, offset <= query.utf8.count else { return "query: error: \(message)" }
        let bytes = Array(query.utf8)
        let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lineEnd = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
        let lineNumber = bytes[..<offset].filter { $0 == 0x0A }.count + 1
        let prefix = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        let column = prefix.count + 1
        let lineText = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        return "query:\(lineNumber):\(column): error: \(message)\n  \(lineText)\n  "
            + String(repeating: " ", count: column - 1) + "^"
    }
}
