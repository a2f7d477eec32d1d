extension SQLiteStatement {
    /// Binds `values` to parameters `?1`, `?2`, ... each with its own type.
    public func bind(_ values: [CacheValue]) {
        for (offset, value) in values.enumerated() {
            switch value {
            case .null: bindNull(offset + 1)
            case .integer(let number): bind(offset + 1, number)
            case .real(let number): bind(offset + 1, number)
            case .text(let text): bind(offset + 1, text)
            case .blob(let bytes): bindBlob(offset + 1, bytes)
            }
        }
    }
}
