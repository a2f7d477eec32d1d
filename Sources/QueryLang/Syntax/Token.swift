/// A lexical token with its span.
struct Token: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case string(String)
        case integer(Int64)
        case real(Double)
        /// A duration in seconds (`30s`, `5m`, `24h`, `7d`, `1w`, `250ms`).
        case duration(Double)
        /// An ISO 8601 timestamp as written.
        case timestamp(String)
        /// An IPv4 address or CIDR as written (`10.0.0.0/8`).
        case address(String)
        /// A `/regex/` literal's pattern.
        case regex(String)
        /// `$name`: a value given with the query (``QueryParameter``).
        case parameter(String)
        case symbol(String)
        case end
    }

    let kind: Kind
    let span: Span

    /// The identifier's text, if this is an identifier.
    var word: String? {
        if case .identifier(let text) = kind { return text }
        return nil
    }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }
    func isWord(_ word: String) -> Bool { self.word?.lowercased() == word }
}
