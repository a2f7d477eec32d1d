import Testing

@testable import AegisAudit

/// `KeyedTableSync.isNormalised` guards text that is spliced into SQL as a watermark literal.
@Suite struct KeyedTableSyncIsNormalisedTests {
    @Test(arguments: ["2026-11-20T10:30:45.123456Z", "0001-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z"])
    func acceptsTheNormalisedForm(_ text: String) {
        #expect(KeyedTableSync.isNormalised(text))
    }

    @Test func acceptsWhatTimestampTextProduces() {
        var output = [UInt8](repeating: 0, count: TimestampText.length)
        let accepted = Array("2026-11-20 10:30:45.12+00".utf8).withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { TimestampText.normalise(input, into: $0.baseAddress!) }
        }
        #expect(accepted)
        #expect(KeyedTableSync.isNormalised(String(decoding: output, as: UTF8.self)))
    }

    @Test(arguments: [
        "", "2026-11-20 10:30:45.123456Z", "2026-11-20T10:30:45.123456", "2026-11-20T10:30:45.12345Z",
        "2026-11-20T10:30:45.1234567Z", "2026-11-20T10:30:45Z", "2026-11-20T10:30:45,123456Z",
        "2026-11-20T10:30:45.123456+", "2026/11/20T10:30:45.123456Z", "2026-11-20T10-30-45.123456Z",
        "2026-11-2OT10:30:45.123456Z", "2026-11-20T10:30:45.12345'Z", "'; DROP TABLE x; --.....Z",
        "２026-11-20T10:30:45.12345Z",
    ])
    func rejectsAnythingElse(_ text: String) {
        #expect(!KeyedTableSync.isNormalised(text))
    }
}
