/// Finds `key=value` pairs in a byte range: either a whole logfmt body (strict) or the
/// `key=value` words inside free text (lenient). Values may be double-quoted with `\"`, `\\`,
/// `\n`, `\t`, `\r` escapes. Ranges are reported, so nothing is copied unless asked.
struct KeyValueScanner {
    struct Pair {
        var key: Range<Int>
        /// The value's bytes: inside the quotes when quoted (escapes still in place).
        var value: Range<Int>
        var quoted: Bool
        /// True when the key stood alone (`debug` in logfmt): the value is "true".
        var bare: Bool
    }

    /// A logfmt body: every space-separated token must be `key`, `key=value` or
    /// `key="quoted"`, and at least one must have `=`. False when the body is not logfmt.
    static func logfmt(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, into pairs: inout [Pair]) -> Bool {
        pairs.removeAll(keepingCapacity: true)
        var position = range.lowerBound
        let end = range.upperBound
        var sawEquals = false
        while true {
            while position < end, isSpace(bytes[position]) { position += 1 }
            guard position < end else { break }
            let keyStart = position
            while position < end, bytes[position] > 0x20, bytes[position] != UInt8(ascii: "="),
                bytes[position] != UInt8(ascii: "\"")
            {
                position += 1
            }
            let key = keyStart..<position
            guard !key.isEmpty else { return false }  // a token starting with '=' or '"'
            if position < end, bytes[position] == UInt8(ascii: "=") {
                sawEquals = true
                position += 1
                guard let (value, quoted, next) = scanValue(bytes, from: position, end: end) else { return false }
                pairs.append(Pair(key: key, value: value, quoted: quoted, bare: false))
                position = next
            } else {
                guard position >= end || isSpace(bytes[position]) else { return false }  // key"…
                pairs.append(Pair(key: key, value: position..<position, quoted: false, bare: true))
            }
        }
        return sawEquals
    }

    /// The `key=value` words of free text, where a key is `[A-Za-z_][A-Za-z0-9_.-]*` at the
    /// start of the text or after white space; a trailing `,` or `;` of an unquoted value is
    /// left out.
    static func embedded(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, into pairs: inout [Pair]) {
        pairs.removeAll(keepingCapacity: true)
        var position = range.lowerBound
        let end = range.upperBound
        while position < end {
            guard position == range.lowerBound || isSpace(bytes[position - 1]), isKeyStart(bytes[position]) else {
                position += 1
                continue
            }
            let keyStart = position
            while position < end, isKeyByte(bytes[position]) { position += 1 }
            guard position < end, bytes[position] == UInt8(ascii: "=") else { continue }
            let key = keyStart..<position
            position += 1
            if let (found, quoted, next) = scanValue(bytes, from: position, end: end) {
                var value = found
                // "status=failed, audit_id=…": the separator is not part of the value.
                while !quoted, !value.isEmpty,
                    bytes[value.upperBound - 1] == UInt8(ascii: ",")
                        || bytes[value.upperBound - 1] == UInt8(ascii: ";")
                {
                    value = value.lowerBound..<(value.upperBound - 1)
                }
                pairs.append(Pair(key: key, value: value, quoted: quoted, bare: false))
                position = next
            }
        }
    }

    /// A value from `start`: quoted (to the closing quote) or up to white space.
    private static func scanValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int)
        -> (Range<Int>, Bool, Int)?
    {
        var position = start
        if position < end, bytes[position] == UInt8(ascii: "\"") {
            position += 1
            let valueStart = position
            while position < end {
                switch bytes[position] {
                case UInt8(ascii: "\\"): position += 2
                case UInt8(ascii: "\""): return (valueStart..<position, true, position + 1)
                default: position += 1
                }
            }
            return nil  // unterminated quote
        }
        while position < end, !isSpace(bytes[position]) { position += 1 }
        return (start..<position, false, position)
    }

    /// The text of a quoted value with its escapes resolved.
    static func unescaped(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        guard slice.contains(UInt8(ascii: "\\")) else { return String(decoding: slice, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var index = 0
        while index < slice.count {
            let byte = slice[index]
            if byte == UInt8(ascii: "\\"), index + 1 < slice.count {
                index += 1
                switch slice[index] {
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "r"): output.append(0x0D)
                default: output.append(slice[index])
                }
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always) private static func isKeyStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    }

    @inline(__always) private static func isKeyByte(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}
