/// A value of the TOML subset the configuration file uses.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case strings([String])
}

/// Parses the small part of TOML a configuration needs: `[table.sub]` headers, `key = value`
/// with basic or literal strings, integers, booleans and one-line arrays of strings, and
/// comments; and multi-line strings (`"""..."""` with the basic escapes, `'''...'''` taken as
/// written), whose first line break right after the opening quotes is dropped, as in TOML.
/// Anything else is an error naming its line and column, never silently ignored.
public enum TOMLSubset {
    /// The document's keys, flattened with their table (`sources.backend.url`).
    public static func parse(_ text: String, path: String) throws(ConfigError) -> [String: TOMLValue] {
        try parseLocated(text, path: path).mapValues(\.value)
    }

    /// A value with where its key and the value itself start, for later error messages.
    public struct Located: Sendable {
        public let value: TOMLValue
        public let line: Int
        public let keyColumn: Int
        public let valueColumn: Int
    }

    /// Like ``parse(_:path:)``, with the position of every key and value.
    public static func parseLocated(_ text: String, path: String) throws(ConfigError) -> [String: Located] {
        var result: [String: Located] = [:]
        var table = ""
        // Split the bytes: as Characters, "\r\n" is one grapheme and would not split on "\n".
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        var next = 0
        while next < lines.count {
            let offset = next
            next += 1
            var scanner = Scanner(lines[offset], line: offset + 1, path: path)
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
            let value: TOMLValue
            if let quote = scanner.tripleQuote() {
                value = .string(try multiLineString(quote, opening: scanner, lines: lines, next: &next, path: path))
            } else {
                value = try scanner.value()
                try scanner.expectEndOfLine()
            }
            let full = table.isEmpty ? key : "\(table).\(key)"
            guard result[full] == nil else {
                throw ConfigError(path: path, line: offset + 1, column: keyColumn, message: "duplicate key '\(full)'")
            }
            result[full] = Located(value: value, line: offset + 1, keyColumn: keyColumn, valueColumn: valueColumn)
        }
        return result
    }

    /// The text of a multi-line string whose opening quotes `scanner` has just read, up to the
    /// closing ones (on this line or a later one, `next` then moving past it). A line break right
    /// after the opening quotes is dropped; `"""` strings take the basic escapes.
    private static func multiLineString(
        _ quote: UInt8, opening scanner: Scanner, lines: [[UInt8]], next: inout Int, path: String
    ) throws(ConfigError) -> String {
        let delimiter = [quote, quote, quote]
        var raw: [UInt8] = []
        var current = scanner
        var first = true
        while true {
            let rest = Array(current.bytes[current.position...])
            if let end = rest.indices.first(where: { rest[$0...].starts(with: delimiter) }) {
                raw += rest[..<end]
                current.position += end + 3
                try current.expectEndOfLine()
                break
            }
            if !first || !rest.isEmpty { raw += rest + [0x0A] }
            first = false
            guard next < lines.count else {
                throw ConfigError(
                    path: path, line: scanner.line, column: scanner.column - 3,
                    message: "this multi-line string is not closed with \(String(decoding: delimiter, as: UTF8.self))")
            }
            current = Scanner(lines[next], line: next + 1, path: path)
            next += 1
        }
        guard quote == UInt8(ascii: "\"") else { return String(decoding: raw, as: UTF8.self) }
        var escaped = Scanner([quote] + joiningContinuedLines(raw), line: scanner.line, path: path)
        return try escaped.basicString(toEnd: true)
    }

    /// A `\\` that ends a line (spaces after it allowed) removes the line break and the
    /// white space that follows, as in TOML's multi-line basic strings.
    private static func joiningContinuedLines(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            var look = index + 1
            while look < raw.count, raw[look] == 0x20 || raw[look] == 0x09 { look += 1 }
            if look < raw.count, raw[look] == 0x0A {
                while look < raw.count, [0x20, 0x09, 0x0A].contains(raw[look]) { look += 1 }
                index = look
            } else {
                // An escape: keep it and the character it escapes for the escape reader.
                out.append(byte)
                if index + 1 < raw.count { out.append(raw[index + 1]) }
                index += 2
            }
        }
        return out
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

        /// Reads `"""` or `'''` at the position, returning the quote character, or reads nothing.
        mutating func tripleQuote() -> UInt8? {
            skipSpaces()
            guard let quote = peek, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
                bytes[position...].starts(with: [quote, quote, quote])
            else { return nil }
            position += 3
            return quote
        }
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
            while let byte = peek, byte != UInt8(ascii: "'") {
                if byte == 0x0A { throw error("unterminated string") }
                try refuseControl(byte)
                advance()
            }
            guard peek != nil else { throw error("unterminated string") }
            defer { advance() }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// A `"..."` string with its escapes; with `toEnd`, the text up to the end of the bytes
        /// (the body of a multi-line string, quotes included).
        mutating func basicString(toEnd: Bool = false) throws(ConfigError) -> String {
            advance()
            var out: [UInt8] = []
            while let byte = peek, toEnd || byte != UInt8(ascii: "\"") {
                let escapeStart = position
                if !toEnd && byte == 0x0A { throw error("unterminated string") }
                if !(toEnd && (byte == 0x0A || byte == 0x0D)) { try refuseControl(byte) }
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
            if toEnd { return String(decoding: out, as: UTF8.self) }
            guard peek != nil else { throw error("unterminated string") }
            advance()
            return String(decoding: out, as: UTF8.self)
        }

        /// TOML allows no control character but tab inside a string (write it as an escape).
        func refuseControl(_ byte: UInt8) throws(ConfigError) {
            guard (byte < 0x20 && byte != 0x09) || byte == 0x7F else { return }
            let hex = String(byte, radix: 16, uppercase: true)
            throw error(
                "control character U+\(hex.count == 1 ? "000" : "00")\(hex) in a string (write it as an escape)")
        }

        static func isBareKey(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
