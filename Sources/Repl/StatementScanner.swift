import Foundation

/// Decides where a statement ends, and how it is kept in history.
///
/// A QueryLang statement ends at a line that does not end with `|` and leaves no bracket,
/// quote or comment open. A SQL statement ends with `;` outside brackets, quotes and comments
/// (as in sqlite3 and psql). Meta-commands (`.help`) are single lines and are not scanned here.
public enum StatementScanner {
    /// Whether `text` is a whole statement (or nothing but space and comments).
    public static func isComplete(_ text: String, language: ReplLanguage) -> Bool {
        let tokens = ReplTokenizer(language: language).tokens(text)
        var depth = 0
        for token in tokens {
            switch token.kind {
            case .quoted(closed: false), .blockComment(closed: false): return false
            case .symbol where token.text == "(" || token.text == "[": depth += 1
            case .symbol where token.text == ")" || token.text == "]": depth -= 1
            default: break
            }
        }
        guard let last = tokens.last(where: \.isSignificant) else { return true }
        switch language {
        case .queryLang: return depth <= 0 && last.text != "|"
        case .sql: return depth <= 0 && last.text == ";"
        }
    }

    /// Whether `text` holds nothing but space and comments.
    public static func isBlank(_ text: String, language: ReplLanguage) -> Bool {
        !ReplTokenizer(language: language).tokens(text).contains(where: \.isSignificant)
    }

    /// The statement on one line for the history: line comments dropped and line breaks
    /// outside strings turned into spaces, so that recalling it gives back a whole statement.
    public static func historyLine(_ text: String, language: ReplLanguage) -> String {
        var line = ""
        var gap = ""
        var joined = false
        for token in ReplTokenizer(language: language).tokens(text) {
            switch token.kind {
            case .lineComment: joined = true
            case .space:
                gap += token.text
                if token.text.contains(where: \.isNewline) { joined = true }
            default:
                line += joined ? " " : gap
                line += token.text
                gap = ""
                joined = false
            }
        }
        return line.trimmingSpaces()
    }

    /// The statement to run: QueryLang accepts (and drops) a final `;`, so scripts may end
    /// statements the SQL way.
    static func runnable(_ text: String, language: ReplLanguage) -> String {
        guard language == .queryLang else { return text }
        let tokens = ReplTokenizer(language: language).tokens(text)
        guard let index = tokens.lastIndex(where: \.isSignificant), tokens[index].text == ";" else { return text }
        return tokens.enumerated().map { $0.offset == index ? " " : String($0.element.text) }.joined()
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
