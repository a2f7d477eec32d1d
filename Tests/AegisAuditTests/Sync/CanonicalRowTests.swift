import AegisSources
import Crypto
import Testing

@testable import AegisAudit

/// A row of `kinds` loaded from one COPY line; keeps the decoder alive with the row.
private struct LoadedRow {
    let decoder = CopyTextDecoder()
    let row: CanonicalRow

    init(_ kinds: [ValueKind]) { row = CanonicalRow(kinds: kinds) }

    /// Decodes `line` and loads it; the result of ``CanonicalRow/load(_:)``.
    @discardableResult
    func load(_ line: String) -> Bool {
        Array(line.utf8).withUnsafeBufferPointer { decoder.decode($0) }
        return row.load(decoder)
    }

    /// The integer value at `index`, or nil when it is NULL or text.
    func integer(_ index: Int) -> Int64? {
        if case .integer(let number, _) = row.values[index] { return number }
        return nil
    }

    func isText(_ index: Int) -> Bool {
        if case .text = row.values[index] { return true }
        return false
    }

    func isNull(_ index: Int) -> Bool {
        if case .null = row.values[index] { return true }
        return false
    }
}

/// The documented row-hash framing, built independently of CanonicalRow.
private func expectedDigest(_ values: [String?]) -> [UInt8] {
    var input: [UInt8] = []
    for value in values {
        guard let value else {
            input.append(0x00)
            continue
        }
        let bytes = Array(value.utf8)
        input.append(0x01)
        withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { input.append(contentsOf: $0) }
        input.append(contentsOf: bytes)
    }
    return Array(SHA256.hash(data: input))
}

@Suite struct CanonicalRowConversionTests {
    @Test(arguments: [
        ("42", Int64(42)), ("-17", -17), ("0", 0),
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
    ])
    func integersAreParsed(text: String, value: Int64) {
        let loaded = LoadedRow([.integer])
        #expect(loaded.load(text))
        #expect(loaded.integer(0) == value)
        #expect(loaded.row.string(0) == text)
    }

    @Test(arguments: [
        "9223372036854775808", "-9223372036854775809", "99999999999999999999", "12a", "1.5", "-", "+5", " 1", "",
        // Not canonical: stored as an integer they would hash differently from their text.
        "-0", "007", "-01",
    ])
    func nonIntegersStayText(text: String) {
        let loaded = LoadedRow([.integer])
        #expect(loaded.load(text))
        #expect(loaded.isText(0))
        #expect(loaded.row.string(0) == text)
    }

    @Test func booleansBecomeOneAndZero() {
        let loaded = LoadedRow([.boolean, .boolean])
        #expect(loaded.load("t\tf"))
        #expect(loaded.integer(0) == 1)
        #expect(loaded.row.string(0) == "1")
        #expect(loaded.integer(1) == 0)
        #expect(loaded.row.string(1) == "0")
    }

    @Test func unexpectedBooleanTextStaysText() {
        let loaded = LoadedRow([.boolean, .boolean])
        #expect(loaded.load("true\tT"))
        #expect(loaded.isText(0) && loaded.row.string(0) == "true")
        #expect(loaded.isText(1) && loaded.row.string(1) == "T")
    }

    @Test func timestampsAreNormalisedPerColumn() {
        let loaded = LoadedRow([.timestamp, .timestamp])
        #expect(loaded.load("2026-11-20 10:30:45.12+00\t2026-01-02 03:04:05"))
        #expect(loaded.row.string(0) == "2026-11-20T10:30:45.120000Z")
        #expect(loaded.row.string(1) == "2026-01-02T03:04:05.000000Z")
    }

    @Test func timestampThatCannotBeNormalisedIsKeptVerbatim() {
        let loaded = LoadedRow([.timestamp])
        #expect(loaded.load("infinity"))
        #expect(loaded.row.string(0) == "infinity")
    }

    @Test func textAndJSONKindsAreKeptVerbatim() {
        let loaded = LoadedRow([.text, .json, .jsonArray])
        #expect(loaded.load(#"42\t{"a":1}\t["x","y"]"#.replacingOccurrences(of: #"\t"#, with: "\t")))
        #expect(loaded.isText(0) && loaded.row.string(0) == "42")
        #expect(loaded.row.string(1) == #"{"a":1}"#)
        #expect(loaded.row.string(2) == #"["x","y"]"#)
    }

    @Test func nullIsNullForEveryKind() {
        let kinds: [ValueKind] = [.text, .json, .jsonArray, .integer, .boolean, .timestamp]
        let loaded = LoadedRow(kinds)
        #expect(loaded.load(Array(repeating: "\\N", count: kinds.count).joined(separator: "\t")))
        for index in kinds.indices {
            #expect(loaded.isNull(index))
            #expect(loaded.row.string(index) == nil)
        }
    }

    @Test func wrongFieldCountIsRefused() {
        let loaded = LoadedRow([.text, .integer])
        #expect(!loaded.load("only-one"))
        #expect(!loaded.load("a\t1\textra"))
        #expect(loaded.load("a\t1"))
    }

    @Test func rowIsReusedWithoutStaleValues() {
        let loaded = LoadedRow([.integer, .timestamp])
        #expect(loaded.load("7\t2026-11-20 10:30:45+00"))
        #expect(loaded.load("\\N\t\\N"))
        #expect(loaded.isNull(0) && loaded.isNull(1))
        #expect(loaded.load("x\t2027-01-01 00:00:00"))
        #expect(loaded.isText(0) && loaded.row.string(0) == "x")
        #expect(loaded.row.string(1) == "2027-01-01T00:00:00.000000Z")
    }
}

@Suite struct CanonicalRowDigestTests {
    private func digest(_ kinds: [ValueKind], _ line: String) -> [UInt8] {
        let loaded = LoadedRow(kinds)
        loaded.load(line)
        return loaded.row.digest()
    }

    @Test func sameValuesGiveTheSameHash() {
        let kinds: [ValueKind] = [.text, .integer, .timestamp]
        let line = "a\t5\t2026-11-20 10:30:45+00"
        #expect(digest(kinds, line) == digest(kinds, line))
        #expect(digest(kinds, line).count == 32)
    }

    @Test func reusedRowGivesTheSameHashAsAFreshOne() {
        let kinds: [ValueKind] = [.text, .text]
        let loaded = LoadedRow(kinds)
        loaded.load("a much longer first value\tsecond")
        _ = loaded.row.digest()
        loaded.load("x\ty")
        #expect(loaded.row.digest() == digest(kinds, "x\ty"))
    }

    @Test func nullAndEmptyStringDiffer() {
        #expect(digest([.text], "\\N") != digest([.text], ""))
    }

    @Test func movingAByteBetweenAdjacentFieldsChangesTheHash() {
        #expect(digest([.text, .text], "ab\tc") != digest([.text, .text], "a\tbc"))
        #expect(digest([.text, .text], "\tab") != digest([.text, .text], "ab\t"))
    }

    @Test func differentValuesGiveDifferentHashes() {
        #expect(digest([.text], "a") != digest([.text], "b"))
    }

    @Test func digestEqualsSHA256OfTheDocumentedFraming() {
        let kinds: [ValueKind] = [.text, .integer, .boolean, .timestamp, .text, .json, .integer]
        let line = ["héllo", "-12", "t", "2026-11-20 10:30:45.5+00", "\\N", "", "42"].joined(separator: "\t")
        let expected = expectedDigest(["héllo", "-12", "1", "2026-11-20T10:30:45.500000Z", nil, "", "42"])
        #expect(digest(kinds, line) == expected)
    }

    @Test func lengthPrefixUsesAllFourBytes() {
        // 300 bytes: the length needs two bytes (0x01 0x2C), exposing byte-order mistakes.
        let value = String(repeating: "x", count: 300)
        #expect(digest([.text], value) == expectedDigest([value]))
    }
}
