internal import CSQLite

/// One result row read in place from SQLite: valid only during the ``RawRowSink/write(raw:)``
/// call that receives it. Nothing is copied out unless the reader asks (``value(_:)``), so an
/// export can go from SQLite's buffers to its own without a Swift value per cell.
public struct RawRow {
    let handle: OpaquePointer
    /// The number of columns.
    public let count: Int
    /// What readers of the current row learnt about it, so that the next reader need not
    /// learn it again.
    let memo: Memo

    init(handle: OpaquePointer, count: Int) {
        self.handle = handle
        self.count = count
        memo = Memo(count: count)
    }

    /// Per column, the row number at which each was learnt: its storage class, its bytes
    /// (SQLite's pointer and length, valid until the next step), that its text is valid UTF-8,
    /// and a reader's ``flag(_:_:)`` (with its value). Plain memory rather than arrays in
    /// properties, which Swift would check for exclusive access at every cell.
    final class Memo {
        /// `[0]`: the current row's number.
        let row: UnsafeMutablePointer<Int>
        let typed: UnsafeMutablePointer<Int>
        let types: UnsafeMutablePointer<Int32>
        let fetched: UnsafeMutablePointer<Int>
        let pointers: UnsafeMutablePointer<UnsafePointer<UInt8>?>
        let lengths: UnsafeMutablePointer<Int>
        let validUTF8: UnsafeMutablePointer<Int>
        let flagged: UnsafeMutablePointer<Int>
        let flags: UnsafeMutablePointer<Bool>

        init(count: Int) {
            let capacity = max(count, 1)
            func never() -> UnsafeMutablePointer<Int> {
                let pointer = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
                pointer.initialize(repeating: -1, count: capacity)
                return pointer
            }
            row = .allocate(capacity: 1)
            row.initialize(to: 0)
            typed = never()
            types = .allocate(capacity: capacity)
            types.initialize(repeating: SQLITE_NULL, count: capacity)
            fetched = never()
            pointers = .allocate(capacity: capacity)
            pointers.initialize(repeating: nil, count: capacity)
            lengths = .allocate(capacity: capacity)
            lengths.initialize(repeating: 0, count: capacity)
            validUTF8 = never()
            flagged = never()
            flags = .allocate(capacity: capacity)
            flags.initialize(repeating: false, count: capacity)
        }

        deinit {
            for pointer in [row, typed, fetched, lengths, validUTF8, flagged] { pointer.deallocate() }
            types.deallocate()
            pointers.deallocate()
            flags.deallocate()
        }
    }

    /// The column's storage class code, asked of SQLite once per row (before any conversion).
    private func typeCode(_ index: Int) -> Int32 {
        precondition(index >= 0 && index < count)
        let row = memo.row.pointee
        if memo.typed[index] == row { return memo.types[index] }
        let code = sqlite3_column_type(handle, Int32(index))
        memo.typed[index] = row
        memo.types[index] = code
        return code
    }

    /// A text or blob column's bytes, asked of SQLite once per row.
    private func bytes(_ index: Int, blob: Bool) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < count)
        let row = memo.row.pointee
        if memo.fetched[index] != row {
            memo.pointers[index] =
                blob
                ? UnsafePointer(sqlite3_column_blob(handle, Int32(index))?.assumingMemoryBound(to: UInt8.self))
                : sqlite3_column_text(handle, Int32(index))
            memo.lengths[index] = Int(sqlite3_column_bytes(handle, Int32(index)))
            memo.fetched[index] = row
        }
        let length = memo.lengths[index]
        return UnsafeBufferPointer(start: length > 0 ? memo.pointers[index] : nil, count: length)
    }

    /// Moves on to the next row (what was learnt about this one is forgotten).
    func advance() { memo.row.pointee += 1 }

    /// A fact about a column of this row that more than one reader needs: computed by the first
    /// to ask, for this row only. One fact per column: every reader must ask the same question
    /// of a column (the exports ask whether a JSON column holds a document they embed).
    public func flag(_ index: Int, _ compute: () -> Bool) -> Bool {
        precondition(index >= 0 && index < count)
        let row = memo.row.pointee
        if memo.flagged[index] == row { return memo.flags[index] }
        let value = compute()
        memo.flagged[index] = row
        memo.flags[index] = value
        return value
    }

    public func type(_ index: Int) -> SQLiteValueType {
        switch typeCode(index) {
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
        let bytes = bytes(index, blob: false)
        let row = memo.row.pointee
        if memo.validUTF8[index] == row || UTF8Check.isValid(bytes) {
            memo.validUTF8[index] = row
            return try body(bytes)
        }
        var repaired = String(decoding: bytes, as: UTF8.self)
        return try repaired.withUTF8(body)
    }

    /// A blob column's bytes (empty for an empty blob).
    public func withBlob<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        try body(bytes(index, blob: true))
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

/// Whether bytes are valid UTF-8: 32 and 8 bytes at a time while they are ASCII, the standard
/// library's validation for the rest.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        let count = bytes.count
        while index + 32 <= count {
            let word =
                raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            index += 32
        }
        while index + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < count, bytes[index] < 0x80 { index += 1 }
        if index == count { return true }
        return String(validating: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self) != nil
    }
}
