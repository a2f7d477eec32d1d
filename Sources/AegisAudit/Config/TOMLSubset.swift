/// A value of the TOML subset the configuration file uses.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case strings([String])
}

/// Parses the small part of TOML a configuration needs: `[table.sub]` headers, `key = value`
/// with basic or literal strings, integers, booleans and one-line arrays of strings, and
/// comments. Anything else is an error naming its line and column, never silently ignored.
public enum TOMLSubset {
    /// The document's keys, flattened with their table (`sources.backend.url`).
    public static func parse(_ text: String, path: String) throws(ConfigError) -> [String: TOMLValue] {
        try parseLocated(text, path: path).mapValues(\.value)
    }

    /// A value with where its key and the value itself start, for later error messages.
    struct Located {
        let value: TOMLValue
        let line: Int
        let keyColumn: Int
        let valueColumn: Int
    }

    /// Like ``parse(_:path:)``, with the position of every key and value.
    static func parseLocated(_ text: String, path: String) throws(ConfigError) -> [String: Located] {
        var result: [String: Located] = [:]
        var table = ""
        // Split the bytes: as Characters, "\r\n" is one grapheme and would not split on "\n".
        for (offset, rawLine) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var scanner = Scanner(Array(rawLine), line: offset + 1, path: path)
            scanner.skipSpaces()
            if scanner.atEndOfContent { continue }
            if scanner.peek == UInt8(ascii: "[") {
                scanner.advance()
                table = try scanner.dottedKey()
                try scanner.expect(UInt8(ascii: "]"))
                try scanner.expectEndOfLine()
                continue
            }
            let keyColumn = scanner.column
            let key = try scanner.dottedKey()
            try scanner.expect(UInt8(ascii: "="))
            let valueColumn = scanner.column
            let value = try scanner.value()
            try scanner.expectEndOfLine()
            let full = table.isEmpty ? key : "\(table).\(key)"
            guard result[full] == nil else {
                throw ConfigError(path: path, line: offset + 1, column: keyColumn, message: "duplicate key '\(full)'")
            }
            result[full] = Located(value: value, line: offset + 1, keyColumn: keyColumn, valueColumn: valueColumn)
        }
        return result
    }

    private struct Scanner {
        let bytes: [UInt8]
        let line: Int
        let path: String
        var position = 0

        init(_ bytes: [UInt8], line: Int, path: String) {
            self.bytes = bytes.last == 0x0D ? Array(bytes.dropLast()) : bytes
            self.line = line
            self.path = path
        }

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }
        var atEndOfContent: Bool { peek == nil || peek == UInt8(ascii: "#") }
        mutating func advance() { position += 1 }

        /// The 1-based column of `position`, in characters.
        var column: Int { String(decoding: bytes[..<position], as: UTF8.self).count + 1 }

        func error(_ message: String) -> ConfigError {
            ConfigError(path: path, line: line, column: column, message: message)
        }

        mutating func skipSpaces() {
            while let byte = peek, byte == 0x20 || byte == 0x09 { advance() }
        }

        mutating func expect(_ byte: UInt8) throws(ConfigError) {
            skipSpaces()
            guard peek == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
            advance()
            skipSpaces()
        }

        mutating func expectEndOfLine() throws(ConfigError) {
            skipSpaces()
            guard atEndOfContent else { throw error("unexpected text after the value") }
        }

        mutating func dottedKey() throws(ConfigError) -> String {
            var parts: [String] = []
            repeat {
                skipSpaces()
                if !parts.isEmpty, peek == UInt8(ascii: ".") { advance() }
                skipSpaces()
                if peek == UInt8(ascii: "\"") {
                    parts.append(try basicString())
                } else {
                    let start = position
                    while let byte = peek, Self.isBareKey(byte) { advance() }
                    guard position > start else { throw error("expected a key") }
                    parts.append(String(decoding: bytes[start..<position], as: UTF8.self))
                }
                skipSpaces()
            } while peek == UInt8(ascii: ".")
            return parts.joined(separator: ".")
        }

        mutating func value() throws(ConfigError) -> TOMLValue {
            skipSpaces()
            switch peek {
            case UInt8(ascii: "\""): return .string(try basicString())
            case UInt8(ascii: "'"): return .string(try literalString())
            case UInt8(ascii: "["):
                advance()
                var items: [String] = []
                skipSpaces()
                while peek != UInt8(ascii: "]") {
                    switch peek {
                    case UInt8(ascii: "\""): items.append(try basicString())
                    case UInt8(ascii: "'"): items.append(try literalString())
                    default: throw error("arrays may hold strings only, on one line")
                    }
                    skipSpaces()
                    if peek == UInt8(ascii: ",") {
                        advance()
                    } else if peek != UInt8(ascii: "]") {
                        throw error("expected ',' or ']'")
                    }
                    skipSpaces()
                }
                advance()
                return .strings(items)
            default:
                let start = position
                while let byte = peek, byte != 0x20, byte != 0x09, byte != UInt8(ascii: "#") { advance() }
                let word = String(decoding: bytes[start..<position], as: UTF8.self)
                if word == "true" { return .boolean(true) }
                if word == "false" { return .boolean(false) }
                if let number = Int(word.replacingOccurrences(of: "_", with: "")) { return .integer(number) }
                position = start
                throw error(word.isEmpty ? "expected a value" : "'\(word)' is not a string, integer or boolean")
            }
        }

        mutating func literalString() throws(ConfigError) -> String {
            advance()
            let start = position
            while let byte = peek, byte != UInt8(ascii: "'") { advance() }
            guard peek != nil else { throw error("unterminated string") }
            defer { advance() }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func basicString() throws(ConfigError) -> String {
            advance()
            var out: [UInt8] = []
            while let byte = peek, byte != UInt8(ascii: "\"") {
                let escapeStart = position
                advance()
                guard byte == UInt8(ascii: "\\") else {
                    out.append(byte)
                    continue
                }
                guard let escaped = peek else { break }
                advance()
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(escaped)
                case UInt8(ascii: "u"):
                    let digits = String(decoding: bytes[position..<min(position + 4, bytes.count)], as: UTF8.self)
                    guard digits.count == 4, let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code)
                    else {
                        position = escapeStart  // point at the backslash
                        throw error("bad \\u escape")
                    }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    position += 4
                default:
                    position = escapeStart  // point at the backslash
                    throw error("unknown escape '\\\(Character(Unicode.Scalar(escaped)))'")
                }
            }
            guard peek != nil else { throw error("unterminated string") }
            advance()
            return String(decoding: out, as: UTF8.self)
        }

        static func isBareKey(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
