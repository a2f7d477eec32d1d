/// The words of a query, sorted by where they stand: outside literals, in `/regex/` literals,
/// in string literals. Found with a re-implementation of QueryLang's lexing rules, deliberately
/// independent of its code; it only has to agree on where string and regex literals are. Where
/// it cannot tell (a lexer rule it does not know), it returns nil and the checks that need it
/// are skipped rather than guessed.
struct QueryWords {
    /// Lowercased words outside string literals (identifiers, keywords, comments and regex
    /// contents, whose named groups become columns), split at `_` as well: the parts a quoted
    /// SQL identifier may be made of (derived names such as `max_created_at` join words with `_`).
    private(set) var parts: Set<String> = []
    /// Lowercased words outside both string and regex literals.
    private(set) var plain: Set<String> = []
    /// Lowercased words inside string and regex literals: text that must reach SQLite only as a
    /// bound parameter.
    private(set) var literal: Set<String> = []
    /// Bytes inside string and regex literals.
    private(set) var literalBytes: Set<UInt8> = []
    /// Every run of digits and dots in the text (`_` dropped): how a number, a real or an
    /// address from the query would look if it reached the SQL.
    private(set) var numbers: Set<String> = []

    /// nil when the text does not lex (a query that compiled always does).
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        /// 0: outside literals, 1: in a regex literal, 2: in a string literal.
        var region = [UInt8](repeating: 0, count: bytes.count)
        var position = 0
        /// What the previous token was, for the regex-or-division rule.
        enum Last { case none, symbol(String), word(String), other }
        var last = Last.none

        func isLetter(_ byte: UInt8) -> Bool {
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
        }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        func at(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
        func digits(_ start: Int, _ count: Int) -> Bool {
            (0..<count).allSatisfy { at(start + $0).map(isDigit) ?? false }
        }

        var regexAllowed: Bool {
            switch last {
            case .none: return true
            case .symbol(let symbol): return symbol != ")" && symbol != "]"
            case .word(let word): return ["with", "and", "or", "not", "in", "where"].contains(word.lowercased())
            case .other: return false
            }
        }

        while position < bytes.count {
            let byte = bytes[position]
            if [0x20, 0x09, 0x0A, 0x0D].contains(byte) {
                position += 1
            } else if (byte == UInt8(ascii: "/") && at(position + 1) == UInt8(ascii: "/")) || byte == UInt8(ascii: "#")
            {
                while let next = at(position), next != 0x0A { position += 1 }
            } else if isLetter(byte) {
                let start = position
                while let next = at(position), isLetter(next) || isDigit(next) { position += 1 }
                let word = String(decoding: bytes[start..<position], as: UTF8.self)
                // `project-away` in any case, as a whole word.
                let suffix = bytes[position..<min(bytes.count, position + 5)].map {
                    $0 == UInt8(ascii: "-") ? $0 : $0 | 0x20
                }
                let atBoundary = at(position + 5).map { !(isLetter($0) || isDigit($0)) } ?? true
                if word.lowercased() == "project", suffix.elementsEqual("-away".utf8), atBoundary {
                    position += 5
                }
                last = .word(word)
            } else if byte == UInt8(ascii: "$"), let next = at(position + 1), isLetter(next) {
                // `$name`: a query parameter.
                position += 1
                while let next = at(position), isLetter(next) || isDigit(next) { position += 1 }
                last = .other
            } else if isDigit(byte) {
                position = Self.endOfNumberLike(bytes, from: position)
                last = .other
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                let start = position
                position += 1
                var closed = false
                while let next = at(position) {
                    position += 1
                    if next == byte { closed = true; break }
                    if next == 0x0A { break }
                    if next == UInt8(ascii: "\\") {
                        guard at(position) != nil else { break }
                        position += 1
                    }
                }
                guard closed else { return nil }
                for index in (start + 1)..<(position - 1) { region[index] = 2 }
                last = .other
            } else if byte == UInt8(ascii: "/") && regexAllowed {
                let start = position
                position += 1
                var closed = false
                while let next = at(position) {
                    position += 1
                    if next == UInt8(ascii: "/") { closed = true; break }
                    if next == 0x0A { break }
                    if next == UInt8(ascii: "\\"), at(position) != nil { position += 1 }
                }
                guard closed else { return nil }
                for index in (start + 1)..<(position - 1) { region[index] = 1 }
                last = .other
            } else {
                let symbols = [
                    "==", "!=", "<=", ">=", "=~", "!~", "|", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".",
                    "[", "]",
                ]
                guard
                    let symbol = symbols.first(where: {
                        Array($0.utf8).elementsEqual(bytes[position..<min(bytes.count, position + $0.utf8.count)])
                    })
                else {
                    return nil
                }
                position += symbol.utf8.count
                last = .symbol(symbol)
            }
        }

        // Words: runs of letters, digits, `_` and non-ASCII bytes, each within one region.
        var word: [UInt8] = []
        var wordRegion: UInt8 = 0
        func flush() {
            guard !word.isEmpty else { return }
            let text = String(decoding: word, as: UTF8.self).lowercased()
            if wordRegion < 2 {
                parts.insert(text)
                for part in text.split(separator: "_") { parts.insert(String(part)) }
            }
            if wordRegion == 0 { plain.insert(text) } else { literal.insert(text) }
            word.removeAll()
        }
        for (index, byte) in bytes.enumerated() {
            if region[index] > 0 { literalBytes.insert(byte) }
            if isLetter(byte) || isDigit(byte) || byte >= 0x80 {
                if !word.isEmpty, region[index] != wordRegion { flush() }
                wordRegion = region[index]
                word.append(byte)
            } else {
                flush()
            }
        }
        flush()

        var number: [UInt8] = []
        for byte in bytes + [0x20] {
            if isDigit(byte) || byte == UInt8(ascii: ".") {
                number.append(byte)
            } else if byte != UInt8(ascii: "_") || number.isEmpty {
                if !number.isEmpty { numbers.insert(String(decoding: number, as: UTF8.self)) }
                number.removeAll()
            }
        }
    }

    /// Where a token starting with a digit ends: a timestamp, an IPv4 address or CIDR, or a
    /// number with an optional unit (the lexer's `numberLike`).
    private static func endOfNumberLike(_ bytes: [UInt8], from start: Int) -> Int {
        func at(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { (0x30...0x39).contains($0) } ?? false }
        func isLetter(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
        }
        func digits(_ at: Int, _ count: Int) -> Bool {
            (0..<count).allSatisfy { isDigit(bytes.indices.contains(at + $0) ? bytes[at + $0] : nil) }
        }

        // YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH[:]MM]
        var cursor = start
        if digits(cursor, 4), cursor + 10 <= bytes.count, bytes[cursor + 4] == UInt8(ascii: "-"), digits(cursor + 5, 2),
            bytes[cursor + 7] == UInt8(ascii: "-"), digits(cursor + 8, 2)
        {
            cursor += 10
            if let t = at(cursor), t == UInt8(ascii: "T") || t == UInt8(ascii: "t"), digits(cursor + 1, 2),
                at(cursor + 3) == UInt8(ascii: ":"), digits(cursor + 4, 2)
            {
                cursor += 6
                if at(cursor) == UInt8(ascii: ":"), digits(cursor + 1, 2) {
                    cursor += 3
                    if at(cursor) == UInt8(ascii: "."), digits(cursor + 1, 1) {
                        cursor += 1
                        while isDigit(at(cursor)) { cursor += 1 }
                    }
                }
                if let z = at(cursor), z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
                    cursor += 1
                } else if let sign = at(cursor), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                    digits(cursor + 1, 2)
                {
                    cursor += 3
                    if at(cursor) == UInt8(ascii: ":") { cursor += 1 }
                    if digits(cursor, 2) { cursor += 2 }
                }
            }
            return cursor
        }
        // a.b.c.d[/n]
        cursor = start
        var groups = 0, isAddress = true
        while groups < 4 {
            let groupStart = cursor
            while isDigit(at(cursor)) { cursor += 1 }
            guard cursor > groupStart, cursor - groupStart <= 3 else { isAddress = false; break }
            groups += 1
            if groups < 4 {
                guard at(cursor) == UInt8(ascii: ".") else { isAddress = false; break }
                cursor += 1
            }
        }
        if isAddress {
            if at(cursor) == UInt8(ascii: "/"), isDigit(at(cursor + 1)) {
                cursor += 1
                while isDigit(at(cursor)) { cursor += 1 }
            }
            return cursor
        }
        // digits and _, an optional fraction, an optional unit.
        cursor = start
        while let byte = at(cursor), isDigit(byte) || byte == UInt8(ascii: "_") { cursor += 1 }
        if at(cursor) == UInt8(ascii: "."), isDigit(at(cursor + 1)) {
            cursor += 1
            while isDigit(at(cursor)) { cursor += 1 }
        }
        while isLetter(at(cursor)) { cursor += 1 }
        return cursor
    }
}
