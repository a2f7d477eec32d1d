/// A value read from the cache.
public enum CacheValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A result column: its name and the declared type of the cache column it comes from
/// (`JSONTEXT` marks JSON documents; nil for computed expressions).
public struct ResultColumn: Sendable, Equatable {
    public let name: String
    public let declaredType: String?

    public init(name: String, declaredType: String?) {
        self.name = name
        self.declaredType = declaredType
    }

    /// Whether the values are JSON documents stored as text.
    public var holdsJSON: Bool { declaredType?.uppercased() == "JSONTEXT" }
}

/// Receives a result as it streams: the columns once, then each row, then the end.
public protocol RowSink {
    func begin(columns: [ResultColumn]) throws
    func write(row: [CacheValue]) throws
    func finish() throws
}
