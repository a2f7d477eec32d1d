internal import CPCRE2

/// A compiled PCRE2 pattern (JIT-compiled where the platform allows).
///
/// Not `Sendable`: the match data is reused between calls, so one instance belongs to one
/// thread at a time.
public final class PCRE2Regex {
    private let code: OpaquePointer
    private let matchData: OpaquePointer
    /// The pattern text, for error messages.
    public let pattern: String

    /// Compiles `pattern`; throws ``PatternError`` with the offset PCRE2 reports.
    public init(_ pattern: String, caseless: Bool = false) throws(PatternError) {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var options: UInt32 = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF
        if caseless { options |= PCRE2_CASELESS }
        let compiled = pattern.withCString { text in
            text.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count + 1) { bytes in
                pcre2_compile_8(
                    bytes, aegis_pcre2_zero_terminated(), options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw PatternError(pattern: pattern, offset: errorOffset, message: Self.message(errorCode))
        }
        code = compiled
        _ = pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE)  // falls back to the interpreter
        guard let data = pcre2_match_data_create_from_pattern_8(code, nil) else {
            pcre2_code_free_8(code)
            throw PatternError(pattern: pattern, offset: 0, message: "out of memory")
        }
        matchData = data
        self.pattern = pattern
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_code_free_8(code)
    }

    /// Byte ranges of the whole match and of each capture group (nil when a group is unset),
    /// searching `bytes` from `offset`.
    public func firstMatch(in bytes: UnsafeBufferPointer<UInt8>, from offset: Int = 0) -> [Range<Int>?]? {
        guard let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1) else { return nil }
        let rc = pcre2_match_8(code, base, bytes.count, offset, 0, matchData, nil)
        guard rc > 0 else { return nil }
        let vector = pcre2_get_ovector_pointer_8(matchData)!
        let unset = aegis_pcre2_unset()
        return (0..<Int(rc)).map { group in
            let start = vector[2 * group], end = vector[2 * group + 1]
            return start == unset ? nil : start..<end
        }
    }

    /// Replaces every non-empty match in `text`; `replacement` receives the whole match and
    /// each capture group (nil when unset).
    public func replacingMatches(in text: String, with replacement: (_ groups: [Substring?]) -> String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var position = 0
        while position < bytes.count,
            let found = bytes.withUnsafeBufferPointer({ firstMatch(in: $0, from: position) }),
            let whole = found[0], !whole.isEmpty
        {
            output.append(contentsOf: bytes[position..<whole.lowerBound])
            let groups = found.map { range in range.map { Substring(decoding: bytes[$0], as: UTF8.self) } }
            output.append(contentsOf: replacement(groups).utf8)
            position = whole.upperBound
        }
        output.append(contentsOf: bytes[position...])
        return String(decoding: output, as: UTF8.self)
    }

    private static func message(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return length > 0 ? String(decoding: buffer[0..<Int(length)], as: UTF8.self) : "error \(code)"
    }
}

/// A pattern PCRE2 refused, with the byte offset it points at.
public struct PatternError: Error, CustomStringConvertible, Sendable {
    public let pattern: String
    public let offset: Int
    public let message: String
    public var description: String { "invalid regular expression at offset \(offset): \(message)" }
}
