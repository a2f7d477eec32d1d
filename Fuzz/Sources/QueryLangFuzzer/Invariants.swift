import QueryLang

/// What must hold of every compile, whatever the input. Each check returns a description of
/// the violation, or nil.
///
/// The SQL checks look for text of the query's literals in the SQL, where it may only arrive as
/// a bound parameter. They know the shape of what QueryLang emits (keywords, its own function
/// names, `"quoted"` identifiers, `?N`), but flag an unexpected word, byte or number only when
/// it comes from one of the query's literals: QueryLang's SQL vocabulary grows, and a new
/// keyword must not read as an invariant violation.
enum Invariants {
    /// Words QueryLang's SQL uses outside quoted identifiers (lowercased): keywords, the
    /// functions it emits, its own names. Only consulted for words that also occur in a literal.
    static let vocabulary: Set<String> = [
        "select", "from", "where", "as", "and", "or", "not", "in", "null", "is", "exists", "between", "order", "by",
        "asc", "desc", "limit", "group", "join", "left", "on", "union", "all", "over", "partition", "regexp", "cast",
        "text", "integer", "real", "distinct", "case", "when", "then", "else", "end",
        "coalesce", "ifnull", "instr", "lower", "upper", "length", "format_time", "regex_extract", "cidr_match",
        "ip_is_private", "substr", "count", "sum", "avg", "min", "max", "first_value_of", "last_value_of",
        "json_group_array", "json_extract", "time_add", "time_bin", "row_number",
        "aegis_rank", "aegis_row", "rowid", "l", "r", "h",
    ]

    /// Names QueryLang makes up itself for result columns (besides numeric suffixes, as in
    /// `right_id_2`).
    static let ownNames: Set<String> = ["count", "value", "group", "right"]

    /// Punctuation QueryLang's SQL uses outside quoted identifiers.
    static let punctuation = Set(" (),*=<>+-/%|".utf8)

    /// Table and column names of the catalog, split like ``QueryWords/parts``.
    static let catalogParts: Set<String> = {
        var parts: Set<String> = []
        for table in FuzzCatalog.tables {
            for name in [table.name] + table.columns.map(\.name) {
                parts.insert(name)
                for part in name.split(separator: "_") { parts.insert(String(part)) }
            }
        }
        return parts
    }()

    static func check(_ compiled: CompiledQuery, query: String) -> String? {
        check(sql: compiled.sql, parameterCount: compiled.parameters.count, query: query)
    }

    /// The compiled SQL carries no literal from the query:
    /// - no `'` (but for `''`, the empty string QueryLang writes itself in `strcat`);
    /// - every `?N` is a parameter (1 ≤ N ≤ parameters) and there are no more placeholders
    ///   than parameters;
    /// - every `"quoted"` identifier is made of the query's words outside string literals, the
    ///   catalog's names, QueryLang's own names and numbers;
    /// - no unquoted word, number or punctuation of the query's literals, and no non-ASCII byte
    ///   outside quoted identifiers.
    static func check(sql text: String, parameterCount: Int, query: String) -> String? {
        let sql = Array(text.utf8)
        // nil where the fuzzer's lexer does not know a rule: then only what needs no words.
        let words = QueryWords(query)
        var placeholders: Set<Int> = []
        var index = 0
        func context() -> String {
            let from = max(0, index - 40), to = min(sql.count, index + 40)
            return "…" + String(decoding: sql[from..<to], as: UTF8.self) + "…"
        }
        func isWordByte(_ byte: UInt8) -> Bool {
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "_")
        }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        while index < sql.count {
            let byte = sql[index]
            switch byte {
            case UInt8(ascii: "'"):
                let isEmptyString =
                    index + 1 < sql.count && sql[index + 1] == UInt8(ascii: "'")
                    && (index + 2 == sql.count || sql[index + 2] != UInt8(ascii: "'"))
                guard isEmptyString else { return "the SQL contains a single quote at byte \(index): \(context())" }
                index += 2
            case UInt8(ascii: "\""):
                var name: [UInt8] = []
                var cursor = index + 1
                var closed = false
                while cursor < sql.count {
                    if sql[cursor] == UInt8(ascii: "\"") {
                        if cursor + 1 < sql.count, sql[cursor + 1] == UInt8(ascii: "\"") {
                            name.append(sql[cursor])
                            cursor += 2
                            continue
                        }
                        closed = true
                        cursor += 1
                        break
                    }
                    name.append(sql[cursor])
                    cursor += 1
                }
                guard closed else { return "unterminated quoted identifier at byte \(index): \(context())" }
                if let words {
                    let identifier = String(decoding: name, as: UTF8.self)
                    for part in identifier.lowercased().split(separator: "_", omittingEmptySubsequences: true) {
                        let part = String(part)
                        let isOwn = ownNames.contains(part) || part.utf8.allSatisfy { (0x30...0x39).contains($0) }
                        if !(words.parts.contains(part) || catalogParts.contains(part) || isOwn) {
                            return "the SQL identifier \"\(identifier)\" has '\(part)', "
                                + "which is no word of the query outside its string literals: \(context())"
                        }
                    }
                }
                index = cursor
            case UInt8(ascii: "?"):
                var cursor = index + 1
                var number = 0
                while cursor < sql.count, isDigit(sql[cursor]), number < 1_000_000_000 {
                    number = number * 10 + Int(sql[cursor] - 0x30)
                    cursor += 1
                }
                guard cursor > index + 1 else { return "'?' without a number at byte \(index): \(context())" }
                guard number >= 1, number <= parameterCount else {
                    return "placeholder ?\(number) but only \(parameterCount) parameters: \(context())"
                }
                placeholders.insert(number)
                index = cursor
            case 0x30...0x39:
                var cursor = index
                while cursor < sql.count, isDigit(sql[cursor]) || sql[cursor] == UInt8(ascii: ".") { cursor += 1 }
                let run = String(decoding: sql[index..<cursor], as: UTF8.self)
                // GROUP BY 1, 2 and the like are QueryLang's own; a real, an address or a large
                // number that the query also contains came from it.
                if let words, run.contains(".") || run.count > 4, words.numbers.contains(run) {
                    return "the SQL contains the query's number \(run): \(context())"
                }
                index = cursor
            case 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "_"):
                var cursor = index
                while cursor < sql.count, isWordByte(sql[cursor]) { cursor += 1 }
                let word = String(decoding: sql[index..<cursor], as: UTF8.self).lowercased()
                let isAlias = word.count > 1 && word.first == "s" && word.dropFirst().allSatisfy(\.isNumber)
                let isLiteral = (words?.literal.contains(word) ?? false) || FuzzParameters.words.contains(word)
                if isLiteral, !(words?.plain.contains(word) ?? false), !vocabulary.contains(word), !isAlias {
                    return "the SQL contains '\(word)', a word of the query's literals: \(context())"
                }
                index = cursor
            case UInt8(ascii: "."):
                let qualifies =
                    index > 0 && isWordByte(sql[index - 1]) && index + 1 < sql.count
                    && sql[index + 1] == UInt8(ascii: "\"")
                if !qualifies, words?.literalBytes.contains(byte) ?? false {
                    return "a '.' that is not alias.\"column\" at byte \(index): \(context())"
                }
                index += 1
            case 0x80...0xFF:
                return "the SQL contains non-ASCII text outside quoted identifiers at byte \(index): \(context())"
            default:
                if !punctuation.contains(byte), words?.literalBytes.contains(byte) ?? false {
                    return
                        "the SQL contains byte 0x\(String(byte, radix: 16)) of the query's literals at \(index): \(context())"
                }
                index += 1
            }
        }
        if placeholders.count > parameterCount {
            return "\(placeholders.count) placeholders for \(parameterCount) parameters"
        }
        return nil
    }

    /// Every diagnostic points inside the query: 0 ≤ start ≤ end ≤ UTF-8 length.
    static func check(_ diagnostics: QueryDiagnostics, query: String) -> String? {
        let length = query.utf8.count
        if diagnostics.diagnostics.isEmpty { return "QueryDiagnostics without any diagnostic" }
        if diagnostics.query != query { return "QueryDiagnostics.query is not the compiled text" }
        for diagnostic in diagnostics.diagnostics {
            let span = diagnostic.span
            guard span.start >= 0, span.start <= span.end, span.end <= length else {
                return "diagnostic \(diagnostic.id.rawValue) '\(diagnostic.message)' has span "
                    + "\(span.start)..<\(span.end) in a query of \(length) bytes"
            }
        }
        return nil
    }
}
