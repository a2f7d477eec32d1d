internal import CSQLite

/// `regexp(pattern, text)`: 1 when PCRE2 finds `pattern` in `text`, else 0; NULL if either is
/// NULL. SQLite calls it for `text REGEXP pattern`.
///
/// The text is matched in place as UTF-8 bytes (invalid UTF-8 just does not match); the
/// pattern is compiled (with JIT) once per statement and kept on argument 0.
enum RegexpFunction {
    static func call(_ context: OpaquePointer, _ arguments: UnsafeMutablePointer<OpaquePointer?>) {
        let patternValue = arguments[0]!, textValue = arguments[1]!
        if SQLFunctionValues.isNull(patternValue) || SQLFunctionValues.isNull(textValue) {
            return sqlite3_result_null(context)
        }
        // The hot path: the pattern compiled by an earlier row, used without retaining it.
        if let matched = AuxiliaryCache.withCached(
            context, argument: 0, as: CachedPattern.self,
            { pattern in
                SQLFunctionValues.text(textValue, context).map { pattern.regex.matches($0) }
            })
        {
            guard let matched else { return }  // out of memory, already reported
            return sqlite3_result_int(context, matched ? 1 : 0)
        }
        guard let pattern = CachedPattern.compile(context, patternValue),
            let text = SQLFunctionValues.text(textValue, context)
        else { return }
        sqlite3_result_int(context, pattern.regex.matches(text) ? 1 : 0)
        AuxiliaryCache.store(context, pattern, argument: 0)
    }
}
