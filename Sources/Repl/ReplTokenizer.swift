/// Splits REPL input into ``ReplToken``s for either language. It never fails: an unclosed
/// string or comment is a token that says so.
///
/// QueryLang follows `Lexer`'s rules closely enough for its purpose: `"` and `'` strings with
/// backslash escapes, `//` and `#` comments, `/regex/` where an operand is expected. SQL has
/// `'...'` strings (`''` escapes), `"..."`, `` `...` `` and `[...]` identifiers, `--` and
/// `/* */` comments. Quotes may span lines here; the compiler decides whether that is valid.
struct ReplTokenizer {
    let language: ReplLanguage

    func tokens(_ text: String) -> [ReplToken] {
        var tokens: [ReplToken] = []
        let utf8 = text.utf8
        var index = utf8.startIndex
        func byte(at offset: Int) -> UInt8? {
            guard let position = utf8.index(index, offsetBy: offset, limitedBy: utf8.endIndex),
                position < utf8.endIndex
            else { return nil }
            return utf8[position]
        }
        while index < utf8.endIndex {
            let start = index
            let first = utf8[index]
            let kind: ReplToken.Kind
            if Self.isSpace(first) {
                while index < utf8.endIndex, Self.isSpace(utf8[index]) { utf8.formIndex(after: &index) }
                kind = .space
            } else if startsLineComment(first, byte(at: 1)) {
                while index < utf8.endIndex, utf8[index] != 0x0A { utf8.formIndex(after: &index) }
                kind = .lineComment
            } else if language == .sql, first == UInt8(ascii: "/"), byte(at: 1) == UInt8(ascii: "*") {
                index = utf8.index(index, offsetBy: 2)
                var closed = false
                while index < utf8.endIndex {
                    if utf8[index] == UInt8(ascii: "*"), byte(at: 1) == UInt8(ascii: "/") {
                        index = utf8.index(index, offsetBy: 2)
                        closed = true
                        break
                    }
                    utf8.formIndex(after: &index)
                }
                kind = .blockComment(closed: closed)
            } else if let close = closingQuote(for: first) {
                utf8.formIndex(after: &index)
                kind = .quoted(closed: scanQuoted(utf8, &index, close: close))
            } else if Self.isLetter(first) {
                while index < utf8.endIndex, Self.isLetter(utf8[index]) || Self.isDigit(utf8[index]) {
                    utf8.formIndex(after: &index)
                }
                if language == .queryLang, text[start..<index].lowercased() == "project",
                    text[index...].hasPrefix("-away")
                {
                    index = utf8.index(index, offsetBy: 5)
                }
                kind = .word
            } else if Self.isDigit(first) {
                while index < utf8.endIndex,
                    Self.isLetter(utf8[index]) || Self.isDigit(utf8[index]) || utf8[index] == UInt8(ascii: ".")
                        || utf8[index] == UInt8(ascii: ":")
                {
                    utf8.formIndex(after: &index)
                }
                kind = .number
            } else if language == .queryLang, first == UInt8(ascii: "/"), regexAllowed(after: tokens) {
                utf8.formIndex(after: &index)
                while index < utf8.endIndex, utf8[index] != 0x0A {
                    let current = utf8[index]
                    utf8.formIndex(after: &index)
                    if current == UInt8(ascii: "/") { break }
                    if current == UInt8(ascii: "\\"), index < utf8.endIndex, utf8[index] != 0x0A {
                        utf8.formIndex(after: &index)
                    }
                }
                kind = .regex
            } else {
                index = text.unicodeScalars.index(after: start)
                kind = .symbol
            }
            tokens.append(ReplToken(kind: kind, text: text[start..<index]))
        }
        return tokens
    }

    private func startsLineComment(_ first: UInt8, _ second: UInt8?) -> Bool {
        switch language {
        case .queryLang:
            return first == UInt8(ascii: "#") || (first == UInt8(ascii: "/") && second == UInt8(ascii: "/"))
        case .sql: return first == UInt8(ascii: "-") && second == UInt8(ascii: "-")
        }
    }

    private func closingQuote(for byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return byte
        case UInt8(ascii: "`") where language == .sql: return byte
        case UInt8(ascii: "[") where language == .sql: return UInt8(ascii: "]")
        default: return nil
        }
    }

    /// Moves past a quoted text's end; false when the text ends first.
    private func scanQuoted(_ utf8: String.UTF8View, _ index: inout String.Index, close: UInt8) -> Bool {
        while index < utf8.endIndex {
            let current = utf8[index]
            utf8.formIndex(after: &index)
            if language == .queryLang, current == UInt8(ascii: "\\") {
                if index < utf8.endIndex { utf8.formIndex(after: &index) }
                continue
            }
            if current == close {
                // SQL doubles a quote to escape it: 'it''s'.
                if language == .sql, close != UInt8(ascii: "]"), index < utf8.endIndex, utf8[index] == close {
                    utf8.formIndex(after: &index)
                    continue
                }
                return true
            }
        }
        return false
    }

    /// Whether `/` opens a regex here: where an operand is expected, as in QueryLang's lexer.
    private func regexAllowed(after tokens: [ReplToken]) -> Bool {
        guard let last = tokens.last(where: \.isSignificant) else { return true }
        switch last.kind {
        case .symbol: return last.text != ")" && last.text != "]"
        case .word: return ["with", "and", "or", "not", "in", "where"].contains(last.text.lowercased())
        default: return false
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
    }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
