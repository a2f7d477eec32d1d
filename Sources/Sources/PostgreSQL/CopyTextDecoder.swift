/// Splits one line of PostgreSQL's text COPY format into fields and undoes its escapes.
///
/// Reuses one buffer for every row: a field is valid until the next ``decode(_:)``. Text COPY
/// is tab-separated, `\N` is NULL, and backslash escapes (`\t \n \r \b \f \v \\`, octal `\NNN`,
/// hex `\xHH`) stand for bytes that would break the line.
public final class CopyTextDecoder {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Start and end offset of each field in `storage`; a NULL field has start -1.
    private var bounds: [(start: Int, end: Int)] = []

    public init(initialCapacity: Int = 4096) {
        capacity = initialCapacity
        storage = .allocate(capacity: initialCapacity)
    }

    deinit { storage.deallocate() }

    /// The number of fields of the last decoded row.
    public var fieldCount: Int { bounds.count }

    /// Decodes one COPY line (with or without its trailing newline).
    public func decode(_ line: UnsafeBufferPointer<UInt8>) {
        var count = line.count
        if count > 0, line[count - 1] == UInt8(ascii: "\n") { count -= 1 }
        if count > capacity { grow(to: count) }
        bounds.removeAll(keepingCapacity: true)
        guard let input = line.baseAddress else {
            bounds.append((0, 0))
            return
        }
        var read = 0, write = 0, fieldStart = 0
        while read < count {
            let byte = input[read]
            if byte == 0x09 {  // tab ends a field
                bounds.append((fieldStart, write))
                fieldStart = write
                read += 1
                continue
            }
            if byte != 0x5C {  // not a backslash
                storage[write] = byte
                write += 1
                read += 1
                continue
            }
            read += 1
            guard read < count else { break }
            let escaped = input[read]
            read += 1
            switch escaped {
            case UInt8(ascii: "N") where write == fieldStart && (read == count || input[read] == 0x09):
                bounds.append((-1, -1))
                fieldStart = write
                if read < count { read += 1 } else { return }
                continue
            case UInt8(ascii: "t"): storage[write] = 0x09
            case UInt8(ascii: "n"): storage[write] = 0x0A
            case UInt8(ascii: "r"): storage[write] = 0x0D
            case UInt8(ascii: "b"): storage[write] = 0x08
            case UInt8(ascii: "f"): storage[write] = 0x0C
            case UInt8(ascii: "v"): storage[write] = 0x0B
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escaped - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, read < count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(input[read]) {
                    value = value * 8 + Int(input[read] - UInt8(ascii: "0"))
                    read += 1
                    digits += 1
                }
                storage[write] = UInt8(truncatingIfNeeded: value)
            case UInt8(ascii: "x") where read < count && Self.hexValue(input[read]) != nil:
                var value = Self.hexValue(input[read])!
                read += 1
                if read < count, let low = Self.hexValue(input[read]) {
                    value = value * 16 + low
                    read += 1
                }
                storage[write] = value
            default: storage[write] = escaped
            }
            write += 1
        }
        bounds.append((fieldStart, write))
    }

    /// Field `index` of the last row, or nil for SQL NULL.
    @inline(__always)
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        let bound = bounds[index]
        if bound.start < 0 { return nil }
        return UnsafeBufferPointer(start: storage + bound.start, count: bound.end - bound.start)
    }

    /// Field `index` as a Swift string (nil for NULL); for tests and small values.
    public func string(_ index: Int) -> String? {
        field(index).map { String(decoding: $0, as: UTF8.self) }
    }

    private func grow(to needed: Int) {
        var newCapacity = max(capacity, 1)  // doubling 0 would never reach `needed`
        while newCapacity < needed { newCapacity *= 2 }
        storage.deallocate()
        storage = .allocate(capacity: newCapacity)
        capacity = newCapacity
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
