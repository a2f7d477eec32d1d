/// Writes JSON string literals: the one escaping every module uses (records, exports, stream
/// keys, findings).
public enum JSONText {
    /// `"text"` with the escapes RFC 8259 requires (quote, backslash, control characters) and
    /// U+2028/U+2029 escaped so the text is also safe inside JavaScript; everything else is
    /// written as UTF-8.
    public static func string(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `string(text)`'s UTF-8 bytes to `out`, working on bytes: no per-character
    /// strings (the exports write every cell through it).
    public static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { append(utf8: $0, to: &out) }
    }

    /// ``append(_:to:)`` for text that is already UTF-8 bytes.
    public static func append(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            let escape: UInt8?
            switch byte {
            case 0x22: escape = 0x22
            case 0x5C: escape = 0x5C
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0D: escape = UInt8(ascii: "r")
            case 0x09: escape = UInt8(ascii: "t")
            case 0x00..<0x20: escape = 0
            case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] | 1) == 0xA9:
                escape = 0  // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
            default:
                index += 1
                continue
            }
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            out.append(0x5C)
            if let escape, escape != 0 {
                out.append(escape)
                index += 1
            } else if byte == 0xE2 {
                appendUnicodeEscape(0x2028 | UInt32(bytes[index + 2] & 1), to: &out)
                index += 3
            } else {
                appendUnicodeEscape(UInt32(byte), to: &out)
                index += 1
            }
            runStart = index
        }
        if runStart < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
        out.append(0x22)
    }

    /// `u` and four lowercase hex digits (the backslash is already written).
    private static func appendUnicodeEscape(_ value: UInt32, to out: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(digits.utf8Start[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
