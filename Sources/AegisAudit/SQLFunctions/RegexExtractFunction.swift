internal import CSQLite

/// `regex_extract(text, pattern, group)`: the text of capture `group` in the first match of
/// `pattern` in `text`; NULL when nothing matches, the group took no part, or an argument is
/// NULL.
///
/// `group` is a number (0 is the whole match; digits in text count as a number) or a group
/// name. A group the pattern does not have is an error, not a NULL, since it is a mistake in
/// the query rather than in the data. The pattern is cached as in `regexp`, on argument 1.
enum RegexExtractFunction {
    static func call(_ context: OpaquePointer, _ arguments: UnsafeMutablePointer<OpaquePointer?>) {
        let textValue = arguments[0]!, patternValue = arguments[1]!, groupValue = arguments[2]!
        if SQLFunctionValues.isNull(textValue) || SQLFunctionValues.isNull(patternValue)
            || SQLFunctionValues.isNull(groupValue)
        {
            return sqlite3_result_null(context)
        }
        if AuxiliaryCache.withCached(
            context, argument: 1, as: CachedPattern.self,
            { pattern in
                extract(textValue, pattern, groupValue, context)
            }) != nil
        {
            return
        }
        guard let pattern = CachedPattern.compile(context, patternValue) else { return }
        extract(textValue, pattern, groupValue, context)
        AuxiliaryCache.store(context, pattern, argument: 1)
    }

    /// Sets the result: the group's text, NULL, or an error for a group the pattern lacks.
    @inline(__always)
    private static func extract(
        _ textValue: OpaquePointer, _ pattern: CachedPattern, _ groupValue: OpaquePointer, _ context: OpaquePointer
    ) {
        guard let group = resolveGroup(groupValue, of: pattern, context),
            let text = SQLFunctionValues.text(textValue, context)
        else { return }
        if pattern.regex.matches(text), let range = pattern.regex.captureRange(group) {
            SQLFunctionValues.resultText(context, text.baseAddress! + range.lowerBound, range.count)
        } else {
            sqlite3_result_null(context)
        }
    }

    /// The group number `value` designates, or nil with the error set.
    private static func resolveGroup(
        _ value: OpaquePointer, of pattern: CachedPattern, _ context: OpaquePointer
    ) -> Int? {
        let captureCount = pattern.regex.captureCount
        var number: Int64
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER:
            number = sqlite3_value_int64(value)
        case SQLITE_FLOAT:
            let real = sqlite3_value_double(value)
            guard real == real.rounded(), abs(real) < 1e15 else {
                SQLFunctionValues.resultError(
                    context, "regex_extract: the group must be a whole number or a name, not \(real)")
                return nil
            }
            number = Int64(real)
        default:
            guard let name = SQLFunctionValues.text(value, context) else { return nil }
            if !name.isEmpty, name.count <= 9, name.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                number = name.reduce(0) { $0 * 10 + Int64($1 - 0x30) }
            } else if let found = pattern.groupNumber(named: name) {
                return found
            } else {
                SQLFunctionValues.resultError(
                    context,
                    "regex_extract: the pattern has no group named \(SQLFunctionValues.quoted(String(decoding: name, as: UTF8.self)))"
                )
                return nil
            }
        }
        guard number >= 0, number <= captureCount else {
            SQLFunctionValues.resultError(
                context,
                "regex_extract: the pattern has no group \(number) (it has \(captureCount) group\(captureCount == 1 ? "" : "s"))"
            )
            return nil
        }
        return Int(number)
    }
}
