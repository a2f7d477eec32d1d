internal import CSQLite

/// One result row read in place from SQLite: valid only during the ``RawRowSink/write(raw:)``
/// call that receives it. Nothing is copied out unless the reader asks (``value(_:)``), so an
/// export can go from SQLite's buffers to its own without a Swift value per cell.
public struct RawRow {
    let handle: OpaquePointer
    /// The number of columns.
    public let count: Int

    public func type(_ index: Int) -> SQLiteValueType {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: return .integer
        case SQLITE_FLOAT: return .real
        case SQLITE_TEXT: return .text
        case SQLITE_BLOB: return .blob
        default: return .null
        }
    }

    public func int64(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }
    public func double(_ index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    /// A text column's bytes as valid UTF-8: SQLite's own buffer when it is valid (always, for
    /// text the cache wrote), else a copy with each bad sequence replaced by U+FFFD, as
    /// ``value(_:)`` would give.
    public func withUTF8<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        let bytes = UnsafeBufferPointer(
            start: sqlite3_column_text(handle, Int32(index)), count: Int(sqlite3_column_bytes(handle, Int32(index))))
        if UTF8Check.isValid(bytes) { return try body(bytes) }
        var repaired = String(decoding: bytes, as: UTF8.self)
        return try repaired.withUTF8(body)
    }

    /// A blob column's bytes (empty for an empty blob).
    public func withBlob<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        let pointer = sqlite3_column_blob(handle, Int32(index))?.assumingMemoryBound(to: UInt8.self)
        return try body(UnsafeBufferPointer(start: count > 0 ? pointer : nil, count: count > 0 ? count : 0))
    }

    /// The column as a ``CacheValue`` (a copy), as ``CacheQuery/run(_:parameters:on:into:)``
    /// gives sinks that take rows as values.
    public func value(_ index: Int) -> CacheValue {
        switch type(index) {
        case .null: return .null
        case .integer: return .integer(int64(index))
        case .real: return .real(double(index))
        case .text: return .text(withUTF8(index) { String(decoding: $0, as: UTF8.self) })
        case .blob: return .blob(withBlob(index) { Array($0) })
        }
    }

    /// Every column as values.
    public var values: [CacheValue] { (0..<count).map(value) }
}

/// A ``RowSink`` that can also take rows in place, sparing a copy of every value.
public protocol RawRowSink: RowSink {
    func write(raw row: RawRow) throws
}

/// Whether bytes are valid UTF-8: eight bytes at a time while they are ASCII, the standard
/// library's validation for the rest.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < count, bytes[index] < 0x80 { index += 1 }
        if index == count { return true }
        return String(validating: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self) != nil
    }
}
