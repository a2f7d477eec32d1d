internal import CPCRE2

/// A compiled PCRE2 pattern (JIT-compiled where the platform allows), in UTF mode with invalid
/// UTF-8 treated as non-matching rather than as an error.
///
/// Not `Sendable`: the match data is reused between calls, so one instance belongs to one
/// thread at a time.
public final class PCRE2Regex {
    private let code: OpaquePointer
    private let matchData: OpaquePointer
    /// Number of ovector pairs set by the last successful ``matches(_:from:)`` (0 after a failure).
    private var lastPairs = 0
    /// The pattern text, for error messages.
    public let pattern: String
    /// The number of capture groups (not counting the whole match, group 0).
    public let captureCount: Int
    /// Each named group's number: `(?<level>…)` → `["level": 1]`. Duplicate names (`(?J)`)
    /// map to the lowest number.
    public let groupNames: [String: Int]

    /// Compiles `pattern`; throws ``PatternError`` with the offset PCRE2 reports.
    public init(_ pattern: String, caseless: Bool = false) throws(PatternError) {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        // Not PCRE2_MATCH_INVALID_UTF: with JIT, PCRE2 10.42 then lets \S, \W and \D skip
        // multibyte characters (PCRE2Project/pcre2#224). Subjects are checked instead: an
        // invalid UTF-8 subject (never produced by our sources) simply does not match.
        var options: UInt32 = PCRE2_UTF
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
        captureCount = Int(Self.info(compiled, PCRE2_INFO_CAPTURECOUNT))
        groupNames = Self.nameTable(compiled)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_code_free_8(code)
    }

    // MARK: Matching

    /// Searches `bytes` from `offset`; on success the groups are read with ``captureRange(_:)``
    /// until the next call. Allocates nothing: this is the form for hot loops.
    public func matches(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int = 0) -> Bool {
        guard offset <= bytes.count, let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1) else {
            lastPairs = 0
            return false
        }
        let rc = pcre2_match_8(code, base, bytes.count, offset, 0, matchData, nil)
        lastPairs = rc > 0 ? Int(rc) : 0
        return rc > 0
    }

    /// The byte range of capture `group` (0 is the whole match) of the last successful
    /// ``matches(_:from:)``, or nil when the group did not take part or does not exist.
    public func captureRange(_ group: Int) -> Range<Int>? {
        guard group >= 0, group < lastPairs else { return nil }
        let vector = pcre2_get_ovector_pointer_8(matchData)!
        let start = vector[2 * group], end = vector[2 * group + 1]
        return start == aegis_pcre2_unset() || end < start ? nil : start..<end
    }

    /// Byte ranges of the whole match and of each capture group (nil when a group is unset),
    /// searching `bytes` from `offset`.
    public func firstMatch(in bytes: UnsafeBufferPointer<UInt8>, from offset: Int = 0) -> [Range<Int>?]? {
        guard matches(bytes, from: offset) else { return nil }
        return (0..<lastPairs).map { captureRange($0) }
    }

    /// The byte range of every named group that took part in the first match in `bytes`, or nil
    /// when nothing matches. Unset groups are left out.
    public func namedCaptures(in bytes: UnsafeBufferPointer<UInt8>) -> [String: Range<Int>]? {
        guard matches(bytes) else { return nil }
        var result: [String: Range<Int>] = [:]
        for (name, number) in groupNames {
            if let range = captureRange(number) { result[name] = range }
        }
        return result
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

    // MARK: Pattern information

    private static func info(_ code: OpaquePointer, _ what: Int32) -> UInt32 {
        var value: UInt32 = 0
        return pcre2_pattern_info_8(code, UInt32(what), &value) == 0 ? value : 0
    }

    /// Reads PCRE2's name table: NAMECOUNT entries of NAMEENTRYSIZE code units, each a
    /// big-endian 16-bit group number followed by the zero-terminated name.
    private static func nameTable(_ code: OpaquePointer) -> [String: Int] {
        let count = Int(info(code, PCRE2_INFO_NAMECOUNT))
        let entrySize = Int(info(code, PCRE2_INFO_NAMEENTRYSIZE))
        guard count > 0, entrySize > 2 else { return [:] }
        var table: UnsafePointer<UInt8>? = nil
        guard pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table) == 0, let table else { return [:] }
        var names: [String: Int] = [:]
        for index in 0..<count {
            let entry = table.advanced(by: index * entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            var length = 0
            while length < entrySize - 2, entry[2 + length] != 0 { length += 1 }
            let name = String(decoding: UnsafeBufferPointer(start: entry.advanced(by: 2), count: length), as: UTF8.self)
            if let known = names[name], known <= number { continue }
            names[name] = number
        }
        return names
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
