/// Checks that text is exactly one valid JSON value (RFC 8259), so that it can be embedded in
/// an export without breaking it.
enum JSONSyntax {
    static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValid(utf8: $0) }
    }

    static func isValid(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        guard parser.value(depth: 0) else { return false }
        parser.skipSpace()
        return parser.position == bytes.count
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func value(depth: Int) -> Bool {
            guard depth < 512, let byte = peek else { return false }
            switch byte {
            case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), keyed: true, depth: depth)
            case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), keyed: false, depth: depth)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func container(close: UInt8, keyed: Bool, depth: Int) -> Bool {
            position += 1
            skipSpace()
            if peek == close {
                position += 1
                return true
            }
            while true {
                if keyed {
                    guard peek == UInt8(ascii: "\""), string() else { return false }
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { return false }
                    position += 1
                    skipSpace()
                }
                guard value(depth: depth + 1) else { return false }
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    position += 1
                    skipSpace()
                    continue
                }
                guard peek == close else { return false }
                position += 1
                return true
            }
        }

        mutating func string() -> Bool {
            position += 1
            while let byte = peek {
                position += 1
                if byte == UInt8(ascii: "\"") { return true }
                if byte < 0x20 { return false }
                if byte == UInt8(ascii: "\\") {
                    guard let escaped = peek else { return false }
                    position += 1
                    if escaped == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            guard let digit = peek, isHex(digit) else { return false }
                            position += 1
                        }
                    } else if !Array("\"\\/bfnrt".utf8).contains(escaped) {
                        return false
                    }
                }
            }
            return false
        }

        mutating func literal(_ word: String) -> Bool {
            for expected in word.utf8 {
                guard peek == expected else { return false }
                position += 1
            }
            return true
        }

        mutating func number() -> Bool {
            let start = position
            if peek == UInt8(ascii: "-") { position += 1 }
            guard let first = peek, isDigit(first) else { return false }
            if first == UInt8(ascii: "0") { position += 1 } else { digits() }
            if peek == UInt8(ascii: ".") {
                position += 1
                guard let next = peek, isDigit(next) else { return false }
                digits()
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                position += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
                guard let next = peek, isDigit(next) else { return false }
                digits()
            }
            return position > start
        }

        mutating func digits() { while let byte = peek, isDigit(byte) { position += 1 } }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isHex(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
        }
    }
}
