/// A lexical piece of REPL input, just precise enough to tell whether a statement is finished
/// and where the cursor is for completion. The tokens cover the text without gaps, so the text
/// can be rebuilt from them. Byte ranges are UTF-8 offsets.
struct ReplToken: Equatable {
    enum Kind: Equatable {
        case space
        case word
        case number
        /// A quoted string (or quoted SQL identifier); `closed` is false when the text ends first.
        case quoted(closed: Bool)
        /// `//`, `#` (QueryLang) or `--` (SQL): runs to the end of the line.
        case lineComment
        /// `/* ... */` (SQL); `closed` is false when the text ends first.
        case blockComment(closed: Bool)
        /// A QueryLang `/regex/` literal.
        case regex
        case symbol
    }

    let kind: Kind
    let text: Substring

    var isSignificant: Bool {
        switch kind {
        case .space, .lineComment, .blockComment: return false
        default: return true
        }
    }
}
