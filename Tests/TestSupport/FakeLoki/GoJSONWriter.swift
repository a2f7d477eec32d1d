/// JSON text written the way Loki's Go encoder writes it: HTML-safe escaping (`<` `>` `&` as
/// `\u003c` `\u003e` `\u0026`), `\n` `\r` `\t` as short escapes, other control characters as
/// `\u00XX` (lower-case hex), U+2028 and U+2029 escaped, every other non-ASCII character raw UTF-8.
struct GoJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// Appends text that is already JSON (punctuation, numbers).
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends text that is already JSON (numbers formatted elsewhere).
    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends bytes that are already JSON (a string escaped at ingest).
    mutating func raw(_ json: [UInt8]) { bytes.append(contentsOf: json) }

    /// `text` as a quoted, escaped JSON string on its own.
    static func quoted(_ text: String) -> [UInt8] {
        var writer = GoJSONWriter(capacity: text.utf8.count + 16)
        writer.string(text)
        return writer.bytes
    }

    /// Appends `text` as a quoted, escaped JSON string.
    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { appendQuoted($0) }
    }

    /// Appends `"name":` for an object member.
    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends an object of string members in the given order.
    mutating func stringObject(_ pairs: [LabelPair]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, pair) in pairs.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            key(pair.name)
            string(pair.value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func appendQuoted(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        guard let base = text.baseAddress else {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        // Raw pointers, a lookup table and appending runs of plain bytes keep this loop as fast
        // as a debug build allows.
        let table = Self.byteClass
        let count = text.count
        var runStart = 0
        var index = 0
        while index < count {
            let byte = base[index]
            let kind = table[Int(byte)]
            if kind == 0 {  // plain
                index += 1
                continue
            }
            if kind == 2 {  // E2: U+2028 / U+2029 are E2 80 A8 / E2 80 A9
                if index + 2 < count, base[index + 1] == 0x80, base[index + 2] == 0xA8 || base[index + 2] == 0xA9 {
                    flush(base, from: runStart, to: index)
                    raw(base[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    index += 3
                    runStart = index
                } else {
                    index += 1
                }
                continue
            }
            flush(base, from: runStart, to: index)
            switch byte {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            default:
                raw("\\u00")
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0x0F))
            }
            index += 1
            runStart = index
        }
        flush(base, from: runStart, to: count)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func flush(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) {
        if end > start { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start)) }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }

    /// For each byte value: 0 written as is, 1 escaped, 2 possibly the start of U+2028/U+2029.
    nonisolated(unsafe) private static let byteClass: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for value in 0..<256 {
            switch value {
            case 0..<0x20, 0x22, 0x5C, 0x3C, 0x3E, 0x26: table[value] = 1
            case 0xE2: table[value] = 2
            default: table[value] = 0
            }
        }
        return UnsafePointer(table)
    }()

}
