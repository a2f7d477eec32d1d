import AegisSources
internal import CSQLite

/// A pattern argument compiled once per statement: the PCRE2 regex (JIT) and its group names
/// as bytes, so a name argument is resolved without making a Swift string per row.
final class CachedPattern {
    let regex: PCRE2Regex
    /// Each named group's UTF-8 name and number.
    private let names: [(name: [UInt8], number: Int)]

    private init(regex: PCRE2Regex) {
        self.regex = regex
        names = regex.groupNames.map { (Array($0.key.utf8), $0.value) }
    }

    /// Compiles the pattern in `value` (the statement's cache had none: the caller uses it,
    /// then hands it to ``AuxiliaryCache/store(_:_:argument:)``). Nil when the pattern is
    /// invalid: the SQLite error is then set.
    static func compile(_ context: OpaquePointer, _ value: OpaquePointer) -> CachedPattern? {
        SQLFunctionCounters.of(context)?.patternCompiles += 1
        guard let bytes = SQLFunctionValues.text(value, context) else { return nil }
        // PCRE2Regex compiles a zero-terminated string; a NUL would silently cut the pattern.
        if bytes.contains(0) {
            SQLFunctionValues.resultError(
                context, "invalid regular expression: it contains a NUL byte (write \\x00 to match one)")
            return nil
        }
        do {
            return CachedPattern(regex: try PCRE2Regex(String(decoding: bytes, as: UTF8.self)))
        } catch {
            SQLFunctionValues.resultError(context, error.description)
            return nil
        }
    }

    /// The number of the group named by `name`'s bytes, if the pattern has one.
    func groupNumber(named name: UnsafeBufferPointer<UInt8>) -> Int? {
        for entry in names where entry.name.count == name.count {
            if entry.name.withUnsafeBufferPointer({ $0.elementsEqual(name) }) { return entry.number }
        }
        return nil
    }
}
