import Testing

@testable import AegisAudit

/// The normalised form of `input`, or nil when TimestampText refuses it.
private func normalised(_ input: String) -> String? {
    var output = [UInt8](repeating: 0, count: TimestampText.length)
    let accepted = Array(input.utf8).withUnsafeBufferPointer { source in
        output.withUnsafeMutableBufferPointer { TimestampText.normalise(source, into: $0.baseAddress!) }
    }
    return accepted ? String(decoding: output, as: UTF8.self) : nil
}

@Suite struct TimestampTextTests {
    @Test func utcTimestampWithMicroseconds() {
        #expect(normalised("2026-11-20 10:30:45.123456+00") == "2026-11-20T10:30:45.123456Z")
    }

    @Test func missingFractionBecomesZeros() {
        #expect(normalised("2026-11-20 10:30:45+00") == "2026-11-20T10:30:45.000000Z")
    }

    @Test func shortFractionIsPaddedOnTheRight() {
        #expect(normalised("2026-11-20 10:30:45.12+00") == "2026-11-20T10:30:45.120000Z")
        #expect(normalised("2026-11-20 10:30:45.5") == "2026-11-20T10:30:45.500000Z")
    }

    @Test func longerZeroOffsetForms() {
        #expect(normalised("2026-11-20 10:30:45.1+00:00") == "2026-11-20T10:30:45.100000Z")
        #expect(normalised("2026-11-20 10:30:45+00:00:00") == "2026-11-20T10:30:45.000000Z")
    }

    @Test func naiveTimestampIsTakenAsUTC() {
        #expect(normalised("2026-11-20 10:30:45.000001") == "2026-11-20T10:30:45.000001Z")
        #expect(normalised("1999-01-02 03:04:05") == "1999-01-02T03:04:05.000000Z")
    }

    @Test(arguments: ["infinity", "-infinity"])
    func rejectsInfinity(_ input: String) {
        #expect(normalised(input) == nil)
    }

    @Test(arguments: ["0044-03-15 12:00:00 BC", "0044-03-15 12:00:00+00 BC", "0044-03-15 12:00:00.5 BC"])
    func rejectsBCDates(_ input: String) {
        #expect(normalised(input) == nil)
    }

    @Test(arguments: [
        "2026-11-20 10:30:45+05", "2026-11-20 10:30:45-08", "2026-11-20 10:30:45+05:30",
        "2026-11-20 10:30:45.123+01:00", "2026-11-20 10:30:45+00:30",
    ])
    func rejectsNonZeroOffsets(_ input: String) {
        #expect(normalised(input) == nil)
    }

    @Test func rejectsMoreThanSixFractionDigits() {
        #expect(normalised("2026-11-20 10:30:45.1234567+00") == nil)
        #expect(normalised("2026-11-20 10:30:45.1234567") == nil)
    }

    @Test(arguments: [
        "", "garbage", "2026-11-20", "2026-11-20T10:30:45+00", "2026/11/20 10:30:45",
        "2026-11-20 10-30-45", "2026-1a-20 10:30:45", "12026-11-20 10:30:45+00", "2026-11-20 10:30:45Z",
        "2026-11-20 10:30:45.12x", "2026-11-20 10:30:4",
    ])
    func rejectsGarbage(_ input: String) {
        #expect(normalised(input) == nil)
    }

    @Test func outputIsFixedWidth() throws {
        for input in ["2026-11-20 10:30:45", "2026-11-20 10:30:45.1+00", "2026-11-20 10:30:45.123456+00:00"] {
            let text = try #require(normalised(input))
            #expect(text.utf8.count == TimestampText.length)
        }
    }

    @Test func textOrderIsTimeOrder() throws {
        // In time order, with mixed precision and offset forms.
        let inputs = [
            "2025-12-31 23:59:59.999999+00",
            "2026-01-01 00:00:00",
            "2026-01-01 00:00:00.000001+00",
            "2026-01-01 00:00:00.1",
            "2026-01-01 00:00:00.12+00:00",
            "2026-01-01 00:00:01+00",
            "2026-01-01 00:00:01.05",
            "2026-11-20 10:30:45.5+00",
        ]
        let outputs = try inputs.map { try #require(normalised($0)) }
        #expect(outputs.reversed().sorted() == outputs)
        #expect(Set(outputs).count == outputs.count)
    }
}
