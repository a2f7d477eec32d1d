/// A token of LogQL text with its 1-based position (columns count characters, as Go's
/// `text/scanner` does).
struct LogQLToken {
    enum Kind: Equatable {
        case openBrace, closeBrace, openParen, closeParen, comma
        case equal, notEqual, regexMatch, notRegexMatch  // = != =~ !~
        case pipeExact, pipeMatch, pipe  // |= |~ |
        /// `[...]`, with the text between the brackets.
        case range(String)
        case identifier(String)
        case string(String)
        case number(String)
        /// Any other operator or character (`+`, `/`, `|>` ...).
        case other(String)
        case end
    }

    let kind: Kind
    let line: Int
    let column: Int

    /// How goyacc names the token in `unexpected X` (Loki shows punctuation literally).
    var displayName: String {
        switch kind {
        case .openBrace: return "{"
        case .closeBrace: return "}"
        case .openParen: return "("
        case .closeParen: return ")"
        case .comma: return ","
        case .equal: return "="
        case .notEqual: return "!="
        case .regexMatch: return "=~"
        case .notRegexMatch: return "!~"
        case .pipeExact: return "|="
        case .pipeMatch: return "|~"
        case .pipe: return "|"
        case .range: return "RANGE"
        case .identifier: return "IDENTIFIER"
        case .string: return "STRING"
        case .number: return "NUMBER"
        case .other(let text): return text
        case .end: return "$end"
        }
    }
}

/// Splits LogQL text into tokens; strings are unquoted with Go's escapes (or taken raw between
/// backticks).
enum LogQLLexer {
    static func tokens(_ text: String) throws(FakeLokiError) -> [LogQLToken] {
        let characters = Array(text.unicodeScalars)
        var tokens: [LogQLToken] = []
        var index = 0
        var line = 1
        var lineStart = 0

        func position(_ at: Int) -> (Int, Int) { (line, at - lineStart + 1) }
        func error(_ at: Int, _ message: String) -> FakeLokiError {
            let (errorLine, column) = position(at)
            return .badRequest("parse error at line \(errorLine), col \(column): \(message)")
        }

        while index < characters.count {
            let character = characters[index]
            if character == "\n" {
                index += 1
                line += 1
                lineStart = index
                continue
            }
            if character == " " || character == "\t" || character == "\r" {
                index += 1
                continue
            }
            let start = index
            let (tokenLine, column) = position(start)
            func add(_ kind: LogQLToken.Kind, length: Int) {
                tokens.append(LogQLToken(kind: kind, line: tokenLine, column: column))
                index += length
            }
            let next: Unicode.Scalar? = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "{": add(.openBrace, length: 1)
            case "}": add(.closeBrace, length: 1)
            case "(": add(.openParen, length: 1)
            case ")": add(.closeParen, length: 1)
            case ",": add(.comma, length: 1)
            case "=":
                if next == "~" {
                    add(.regexMatch, length: 2)
                } else if next == "=" {
                    add(.other("=="), length: 2)
                } else {
                    add(.equal, length: 1)
                }
            case "!":
                if next == "=" {
                    add(.notEqual, length: 2)
                } else if next == "~" {
                    add(.notRegexMatch, length: 2)
                } else if next == ">" {
                    add(.other("!>"), length: 2)
                } else {
                    add(.other("!"), length: 1)
                }
            case "|":
                if next == "=" {
                    add(.pipeExact, length: 2)
                } else if next == "~" {
                    add(.pipeMatch, length: 2)
                } else if next == ">" {
                    add(.other("|>"), length: 2)
                } else {
                    add(.pipe, length: 1)
                }
            case "[":
                guard let close = characters[index...].firstIndex(of: "]") else {
                    throw error(start, "syntax error: unexpected $end, expecting ]")
                }
                let inner = String(String.UnicodeScalarView(characters[(index + 1)..<close]))
                add(.range(inner.trimmingCharacters()), length: close - index + 1)
            case "\"", "`":
                var value = String.UnicodeScalarView()
                var cursor = index + 1
                var closed = false
                while cursor < characters.count {
                    let scalar = characters[cursor]
                    if scalar == character {
                        closed = true
                        break
                    }
                    if character == "\"" && scalar == "\n" { break }
                    if character == "\"" && scalar == "\\" {
                        guard let (decoded, length) = unescape(characters, at: cursor) else {
                            throw error(cursor, "invalid char escape")
                        }
                        value.append(contentsOf: decoded)
                        cursor += length
                        continue
                    }
                    value.append(scalar)
                    cursor += 1
                }
                guard closed else { throw error(start, "literal not terminated") }
                add(.string(String(value)), length: cursor + 1 - index)
            default:
                if isIdentifierStart(character) {
                    var cursor = index + 1
                    while cursor < characters.count, isIdentifierPart(characters[cursor]) { cursor += 1 }
                    add(
                        .identifier(String(String.UnicodeScalarView(characters[index..<cursor]))),
                        length: cursor - index)
                } else if ("0"..."9").contains(character) {
                    var cursor = index + 1
                    while cursor < characters.count, isIdentifierPart(characters[cursor]) || characters[cursor] == "." {
                        cursor += 1
                    }
                    add(.number(String(String.UnicodeScalarView(characters[index..<cursor]))), length: cursor - index)
                } else {
                    add(.other(String(character)), length: 1)
                }
            }
        }
        let (endLine, endColumn) = position(index)
        tokens.append(LogQLToken(kind: .end, line: endLine, column: endColumn))
        return tokens
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
    }

    /// One Go escape sequence at `index` (which holds the backslash): the scalars and its length.
    private static func unescape(_ characters: [Unicode.Scalar], at index: Int) -> ([Unicode.Scalar], Int)? {
        guard index + 1 < characters.count else { return nil }
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
            "\\": "\\", "\"": "\"",
        ]
        let kind = characters[index + 1]
        if let scalar = simple[kind] { return ([scalar], 2) }
        func hex(_ count: Int) -> UInt32? {
            guard index + 2 + count <= characters.count else { return nil }
            let digits = String(String.UnicodeScalarView(characters[(index + 2)..<(index + 2 + count)]))
            return UInt32(digits, radix: 16)
        }
        switch kind {
        case "x":
            // A byte; only ASCII bytes can be kept in a Swift string.
            guard let value = hex(2), let scalar = Unicode.Scalar(value) else { return nil }
            return ([value < 0x80 ? scalar : "\u{FFFD}"], 4)
        case "u":
            guard let value = hex(4), let scalar = Unicode.Scalar(value) else { return nil }
            return ([scalar], 6)
        case "U":
            guard let value = hex(8), let scalar = Unicode.Scalar(value) else { return nil }
            return ([scalar], 10)
        case "0"..."7":
            guard index + 4 <= characters.count,
                let value = UInt32(String(String.UnicodeScalarView(characters[(index + 1)..<(index + 4)])), radix: 8),
                value < 256, let scalar = Unicode.Scalar(value)
            else { return nil }
            return ([value < 0x80 ? scalar : "\u{FFFD}"], 4)
        default:
            return nil
        }
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
