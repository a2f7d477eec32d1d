import Foundation

/// Splits query text into tokens. Spans are byte offsets into the UTF-8 text.
///
/// A `/` starts a regex literal where an operand is expected (after `=~`, `!~`, `with`, `(`,
/// `,` or an operator) and is division elsewhere. `project-away` is one word.
struct Lexer {
    private let bytes: [UInt8]
    private var position = 0
    private var tokens: [Token] = []

    static func tokenize(_ text: String) throws(QueryDiagnostics) -> [Token] {
        var lexer = Lexer(bytes: Array(text.utf8))
        do {
            return try lexer.run()
        } catch {
            throw QueryDiagnostics(query: text, diagnostics: [error])
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }
    private func peek(_ ahead: Int) -> UInt8? { position + ahead < bytes.count ? bytes[position + ahead] : nil }

    private mutating func run() throws(Diagnostic) -> [Token] {
        while true {
            skipSpaceAndComments()
            guard let byte = peek else {
                tokens.append(Token(kind: .end, span: Span(bytes.count, bytes.count)))
                return tokens
            }
            let start = position
            if Self.isLetter(byte) {
                tokens.append(Token(kind: .identifier(word()), span: Span(start, position)))
            } else if Self.isDigit(byte) {
                tokens.append(try numberLike())
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                tokens.append(Token(kind: .string(try string(quote: byte)), span: Span(start, position)))
            } else if byte == UInt8(ascii: "$"), let next = peek(1), Self.isLetter(next) {
                position += 1
                tokens.append(Token(kind: .parameter(word()), span: Span(start, position)))
            } else if byte == UInt8(ascii: "/") && regexAllowed {
                tokens.append(Token(kind: .regex(try regex()), span: Span(start, position)))
            } else {
                tokens.append(try symbol())
            }
        }
    }

    /// Whether the previous token leaves room for an operand (so `/` opens a regex).
    private var regexAllowed: Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .symbol(let symbol): return symbol != ")" && symbol != "]"
        case .identifier(let word): return ["with", "and", "or", "not", "in", "where"].contains(word.lowercased())
        default: return false
        }
    }

    private mutating func skipSpaceAndComments() {
        while let byte = peek {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                position += 1
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while let next = peek, next != 0x0A { _ = next; position += 1 }
            } else if byte == UInt8(ascii: "#") {
                while let next = peek, next != 0x0A { _ = next; position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func word() -> String {
        let start = position
        while let byte = peek, Self.isLetter(byte) || Self.isDigit(byte) { position += 1 }
        var text = String(decoding: bytes[start..<position], as: UTF8.self)
        // `project-away` in any case, and only as a whole word.
        let suffix = bytes[position..<min(bytes.count, position + 5)].map { $0 == UInt8(ascii: "-") ? $0 : $0 | 0x20 }
        let atBoundary = position + 5 >= bytes.count
            || !(Self.isLetter(bytes[position + 5]) || Self.isDigit(bytes[position + 5]))
        if text.lowercased() == "project", suffix.elementsEqual("-away".utf8), atBoundary {
            position += 5
            text = "project-away"
        }
        return text
    }

    /// A number, a duration (`5m`), an IPv4 address or CIDR, or an ISO 8601 timestamp.
    private mutating func numberLike() throws(Diagnostic) -> Token {
        let start = position
        if let timestamp = matchTimestamp() {
            return Token(kind: .timestamp(timestamp), span: Span(start, position))
        }
        if let address = matchAddress() {
            return Token(kind: .address(address), span: Span(start, position))
        }
        while let byte = peek, Self.isDigit(byte) || byte == UInt8(ascii: "_") { position += 1 }
        var isReal = false
        if peek == UInt8(ascii: "."), let next = peek(1), Self.isDigit(next) {
            isReal = true
            position += 1
            while let byte = peek, Self.isDigit(byte) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self).replacingOccurrences(of: "_", with: "")
        // A unit right after the digits makes a duration.
        let unitStart = position
        while let byte = peek, Self.isLetter(byte) { position += 1 }
        let unit = String(decoding: bytes[unitStart..<position], as: UTF8.self)
        if !unit.isEmpty {
            let scale: Double
            switch unit {
            case "ms": scale = 0.001
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            case "d": scale = 86_400
            case "w": scale = 604_800
            default:
                throw Diagnostic(
                    .invalidLiteral, "'\(unit)' is not a duration unit", at: Span(unitStart, position),
                    hints: ["durations are written like 250ms, 30s, 5m, 24h, 7d, 2w"])
            }
            guard let value = Double(text) else { throw Diagnostic(.invalidLiteral, "invalid number", at: Span(start, position)) }
            // Beyond 10,000 years no timestamp can be reached: refuse rather than overflow.
            guard value * scale <= Self.longestDuration else {
                throw Diagnostic(.invalidLiteral, "duration too long (at most 10000 years)", at: Span(start, position))
            }
            return Token(kind: .duration(value * scale), span: Span(start, position))
        }
        if isReal, let value = Double(text) { return Token(kind: .real(value), span: Span(start, position)) }
        guard let value = Int64(text) else {
            throw Diagnostic(.invalidLiteral, "number out of range", at: Span(start, position))
        }
        return Token(kind: .integer(value), span: Span(start, position))
    }

    /// `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]` at the current position.
    private mutating func matchTimestamp() -> String? {
        func digits(_ at: Int, _ count: Int) -> Bool {
            (0..<count).allSatisfy { at + $0 < bytes.count && Self.isDigit(bytes[at + $0]) }
        }
        var cursor = position
        guard digits(cursor, 4), cursor + 10 <= bytes.count, bytes[cursor + 4] == UInt8(ascii: "-"),
            digits(cursor + 5, 2), bytes[cursor + 7] == UInt8(ascii: "-"), digits(cursor + 8, 2)
        else { return nil }
        cursor += 10
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "T") || bytes[cursor] == UInt8(ascii: "t"),
            digits(cursor + 1, 2), cursor + 3 < bytes.count, bytes[cursor + 3] == UInt8(ascii: ":"),
            digits(cursor + 4, 2)
        {
            cursor += 6
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":"), digits(cursor + 1, 2) {
                cursor += 3
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "."), digits(cursor + 1, 1) {
                    cursor += 1
                    while cursor < bytes.count, Self.isDigit(bytes[cursor]) { cursor += 1 }
                }
            }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "Z") || bytes[cursor] == UInt8(ascii: "z") {
                cursor += 1
            } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-"),
                digits(cursor + 1, 2)
            {
                cursor += 3
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") { cursor += 1 }
                if digits(cursor, 2) { cursor += 2 }
            }
        }
        let text = String(decoding: bytes[position..<cursor], as: UTF8.self)
        position = cursor
        return text
    }

    /// `a.b.c.d[/n]` at the current position.
    private mutating func matchAddress() -> String? {
        var cursor = position, groups = 0
        while groups < 4 {
            let start = cursor
            while cursor < bytes.count, Self.isDigit(bytes[cursor]) { cursor += 1 }
            guard cursor > start, cursor - start <= 3 else { return nil }
            groups += 1
            if groups < 4 {
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") else { return nil }
                cursor += 1
            }
        }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "/"), cursor + 1 < bytes.count,
            Self.isDigit(bytes[cursor + 1])
        {
            cursor += 1
            while cursor < bytes.count, Self.isDigit(bytes[cursor]) { cursor += 1 }
        }
        let text = String(decoding: bytes[position..<cursor], as: UTF8.self)
        position = cursor
        return text
    }

    private mutating func string(quote: UInt8) throws(Diagnostic) -> String {
        let start = position
        position += 1
        var out: [UInt8] = []
        while let byte = peek {
            position += 1
            if byte == quote { return String(decoding: out, as: UTF8.self) }
            if byte == 0x0A { break }
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard let escaped = peek else { break }
            position += 1
            switch escaped {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(escaped)
            default:
                throw Diagnostic(
                    .invalidLiteral, "unknown escape '\\\(Character(Unicode.Scalar(escaped)))'",
                    at: Span(position - 2, position), hints: ["escapes: \\n \\t \\r \\\\ \\\" \\'"])
            }
        }
        throw Diagnostic(.unterminatedString, "this string is not closed", at: Span(start, position))
    }

    /// `/pattern/`: `\/` stands for a slash; other backslashes are kept for the regex engine.
    private mutating func regex() throws(Diagnostic) -> String {
        let start = position
        position += 1
        var out: [UInt8] = []
        while let byte = peek {
            position += 1
            if byte == UInt8(ascii: "/") { return String(decoding: out, as: UTF8.self) }
            if byte == 0x0A { break }
            if byte == UInt8(ascii: "\\"), peek == UInt8(ascii: "/") {
                out.append(UInt8(ascii: "/"))
                position += 1
                continue
            }
            out.append(byte)
            if byte == UInt8(ascii: "\\"), let next = peek {
                out.append(next)
                position += 1
            }
        }
        throw Diagnostic(.unterminatedRegex, "this regular expression is not closed with /", at: Span(start, position))
    }

    private static let symbols = [
        "==", "!=", "<=", ">=", "=~", "!~", "|", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", "[", "]",
    ]

    private mutating func symbol() throws(Diagnostic) -> Token {
        let start = position
        for symbol in Self.symbols
        where Array(symbol.utf8).elementsEqual(bytes[position..<min(bytes.count, position + symbol.utf8.count)]) {
            position += symbol.utf8.count
            return Token(kind: .symbol(symbol), span: Span(start, position))
        }
        // One whole character, for the message.
        var end = position + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let character = String(decoding: bytes[position..<end], as: UTF8.self)
        throw Diagnostic(.unexpectedCharacter, "unexpected character '\(character)'", at: Span(start, end))
    }

    /// 10,000 years in seconds.
    static let longestDuration = 10_000 * 366 * 86_400.0

    static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
    }

    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
