import AegisAudit

/// A small result with every kind of value an export must survive: quotes, commas, line
/// breaks, multibyte text, NULL and empty text, formula-looking text, JSON documents (one with
/// line breaks), a JSON scalar in a JSON column, reals, blobs, and cache timestamps.
enum EvidenceFixture {
    static let columns = [
        ResultColumn(name: "time", declaredType: "TEXT"),
        ResultColumn(name: "id", declaredType: "INTEGER"),
        ResultColumn(name: "summary", declaredType: "TEXT"),
        ResultColumn(name: "details", declaredType: "JSONTEXT"),
        ResultColumn(name: "score", declaredType: "REAL"),
        ResultColumn(name: "raw", declaredType: "BLOB"),
    ]

    static let rows: [[CacheValue]] = [
        [
            .text("2026-11-18T02:14:05.123456Z"), .integer(1), .text("login from 198.51.100.250, \"python\""),
            .text(#"{"ip": "198.51.100.250", "tags": ["a", "b"]}"#), .real(0.5), .blob([0x00, 0xAB]),
        ],
        [
            .text("2026-11-18T23:59:59.000000001Z"), .integer(-2), .text("line one\nline two\r\nżółć 日本 🦊"),
            .text("{\n  \"multi\": [1,\n 2]\n}"), .real(-1e-7), .null,
        ],
        [
            .text("2026-03-29T00:30:00.000000Z"), .integer(3), .text("=HYPERLINK(\"http://x\")"), .text("\"scalar\""),
            .null, .blob([]),
        ],
        [.null, .integer(4), .text(""), .null, .real(1.0), .null],
        [.text("not a time"), .null, .text("'=already quoted"), .text("{broken"), .real(12345.678), .null],
        [.text("2026-11-18T02:14:05Z"), .integer(6), .text("@SUM(1)|pipe\ttab"), .text("[]"), .integer(7), .null],
    ]
}
