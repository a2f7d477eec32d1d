internal import CSQLite

extension SQLiteStatement {
    /// Column `index` as the bytes a hash frames: nil for NULL, a BLOB's bytes, otherwise the
    /// value's text as SQLite renders it (integers in decimal), exactly as stored.
    func hashBytes(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_NULL: return nil
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, Int32(index)))
            guard count > 0, let pointer = sqlite3_column_blob(handle, Int32(index)) else {
                return UnsafeBufferPointer(start: nil, count: 0)
            }
            return UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: count)
        default:
            let pointer = sqlite3_column_text(handle, Int32(index))
            let count = Int(sqlite3_column_bytes(handle, Int32(index)))
            return UnsafeBufferPointer(start: pointer, count: count)
        }
    }
}
