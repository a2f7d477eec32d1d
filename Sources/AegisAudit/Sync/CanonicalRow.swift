import AegisSources

/// One source row converted to the cache's canonical values, ready to bind and hash.
///
/// Reuses its buffers row after row; values borrow the decoder's memory and are valid until
/// the next ``load(_:)``. The row hash is SHA-256 over, for each canonical column in order,
/// `0x00` for NULL or `0x01`, the value's length as 4 bytes big-endian, and its UTF-8 text as
/// cached (integers in decimal, booleans as 1 or 0). `docs/cache.md` states the same.
final class CanonicalRow {
    enum Value {
        case null
        case integer(Int64, text: UnsafeBufferPointer<UInt8>)
        case text(UnsafeBufferPointer<UInt8>)
    }

    let kinds: [ValueKind]
    private(set) var values: [Value]
    /// Room for one normalised timestamp per column.
    private let scratch: UnsafeMutablePointer<UInt8>
    private var framing = HashFraming()
    /// "0" and "1", the cached text of booleans.
    private let booleanText: UnsafeMutablePointer<UInt8>

    init(kinds: [ValueKind]) {
        self.kinds = kinds
        values = Array(repeating: .null, count: kinds.count)
        scratch = .allocate(capacity: kinds.count * TimestampText.length)
        booleanText = .allocate(capacity: 2)
        booleanText[0] = UInt8(ascii: "0")
        booleanText[1] = UInt8(ascii: "1")
    }

    deinit {
        scratch.deallocate()
        booleanText.deallocate()
    }

    /// Converts the decoder's current row; returns false when its field count is wrong.
    func load(_ decoder: CopyTextDecoder) -> Bool {
        guard decoder.fieldCount == kinds.count else { return false }
        for index in 0..<kinds.count {
            guard let field = decoder.field(index) else {
                values[index] = .null
                continue
            }
            switch kinds[index] {
            case .text, .json, .jsonArray:
                values[index] = .text(field)
            case .integer:
                values[index] = Self.parseInteger(field).map { .integer($0, text: field) } ?? .text(field)
            case .boolean:
                if field.count == 1, field[0] == UInt8(ascii: "t") {
                    values[index] = .integer(1, text: UnsafeBufferPointer(start: booleanText + 1, count: 1))
                } else if field.count == 1, field[0] == UInt8(ascii: "f") {
                    values[index] = .integer(0, text: UnsafeBufferPointer(start: booleanText, count: 1))
                } else {
                    values[index] = .text(field)
                }
            case .timestamp:
                let slot = scratch + index * TimestampText.length
                values[index] =
                    TimestampText.normalise(field, into: slot)
                    ? .text(UnsafeBufferPointer(start: slot, count: TimestampText.length)) : .text(field)
            }
        }
        return true
    }

    /// Binds the values to parameters `first`, `first + 1`, ... of `statement`.
    func bind(to statement: SQLiteStatement, from first: Int) {
        for (offset, value) in values.enumerated() {
            switch value {
            case .null: statement.bindNull(first + offset)
            case .integer(let number, _): statement.bind(first + offset, number)
            case .text(let bytes): statement.bindText(first + offset, borrowing: bytes)
            }
        }
    }

    /// The text of value `index` (nil for NULL).
    func text(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        switch values[index] {
        case .null: return nil
        case .integer(_, let text), .text(let text): return text
        }
    }

    /// Value `index` as a Swift string (nil for NULL).
    func string(_ index: Int) -> String? { text(index).map { String(decoding: $0, as: UTF8.self) } }

    /// SHA-256 of the canonical values (see the type's documentation).
    func digest() -> [UInt8] {
        framing.reset()
        for index in 0..<values.count {
            if let bytes = text(index) { framing.append(bytes) } else { framing.appendNull() }
        }
        return framing.digest()
    }

    /// A decimal integer in canonical form (no sign but '-', no leading zero, not "-0") that
    /// fits in Int64, or nil: anything else stays text, so that the hash of the cached value is
    /// the hash of its text.
    static func parseInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        let digitsStart = bytes[0] == UInt8(ascii: "-") ? 1 : 0
        if bytes.count > digitsStart + 1, bytes[digitsStart] == UInt8(ascii: "0") { return nil }
        if digitsStart == 1, bytes.count == 2, bytes[1] == UInt8(ascii: "0") { return nil }
        var index = 0, negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
            guard bytes.count > 1 else { return nil }
        }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) =
                negative
                ? shifted.subtractingReportingOverflow(Int64(digit)) : shifted.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = added
            index += 1
        }
        return value
    }
}
