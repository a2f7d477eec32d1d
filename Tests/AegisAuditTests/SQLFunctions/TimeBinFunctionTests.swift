import Testing

@testable import AegisAudit

@Suite struct TimeBinFunctionTests {
    @Test(arguments: [
        ("2026-11-18T02:17:45.123456Z", 300, "2026-11-18T02:15:00.000000Z"),
        ("2026-11-18T02:15:00.000000Z", 300, "2026-11-18T02:15:00.000000Z"),  // on the edge: its own bin
        ("2026-11-18T02:14:59.999999Z", 300, "2026-11-18T02:10:00.000000Z"),
        ("2026-11-18T02:17:45.123456Z", 3600, "2026-11-18T02:00:00.000000Z"),
        ("2026-11-18T02:17:45.123456Z", 86400, "2026-11-18T00:00:00.000000Z"),
        ("2026-11-18T02:17:45.123456Z", 1, "2026-11-18T02:17:45.000000Z"),
        ("2026-11-18T02:17:45.123456Z", 7, "2026-11-18T02:17:39.000000Z"),  // multiples of 7 s since the epoch
        ("1969-12-31T23:59:59.500000Z", 60, "1969-12-31T23:59:00.000000Z"),  // before the epoch: down, not to zero
        ("0001-01-01T00:00:00.000000Z", 86400, "0001-01-01T00:00:00.000000Z"),
    ])
    func floorsToAMultipleOfTheWidth(_ time: String, _ seconds: Int64, _ expected: String) throws {
        #expect(
            try FunctionDatabase().value("SELECT time_bin(?, ?)", .text(time), .integer(seconds)) == .text(expected))
    }

    @Test func fractionalWidthsAndOtherInputs() throws {
        let db = try FunctionDatabase()
        #expect(
            try db.value("SELECT time_bin('2026-11-18T02:17:45.723456Z', 0.5)") == .text("2026-11-18T02:17:45.500000Z"))
        #expect(
            try db.value("SELECT time_bin('2026-11-18T02:17:45.723456Z', 0.001)")
                == .text("2026-11-18T02:17:45.723000Z"))
        #expect(
            try db.value("SELECT time_bin('2026-11-18T02:17:45.723456Z', '60')") == .text("2026-11-18T02:17:00.000000Z")
        )
        #expect(try db.value("SELECT time_bin(1794968265723456789, 60)") == .text("2026-11-18T02:17:00.000000Z"))
        #expect(
            try db.value("SELECT time_bin('2026-11-18 04:17:45+02:00', 3600)") == .text("2026-11-18T02:00:00.000000Z"))
    }

    @Test func nullAndUnreadableTimestampsGiveNull() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT time_bin(NULL, 60)") == .null)
        #expect(try db.value("SELECT time_bin('2026-11-18T02:17:45.000000Z', NULL)") == .null)
        #expect(try db.value("SELECT time_bin('infinity', 60)") == .null)
    }

    @Test(arguments: ["0", "-60", "'abc'", "0.0000001", "x'3630'", "9223372036854775807"])
    func aWidthThatIsNotPositiveIsAnError(_ width: String) throws {
        let message = try FunctionDatabase().errorMessage("SELECT time_bin('2026-11-18T02:17:45.000000Z', \(width))")
        #expect(message?.hasPrefix("time_bin: the bin width must be a positive number of seconds") == true)
    }

    @Test func binsAreFixedWidthTextThatGroupsAndSorts() throws {
        let db = try FunctionDatabase()
        // One event every 7 s for a day and a bit, from 23:00 on 2026-12-31 (crossing the year).
        try db.fill(13_000, "strftime('%Y-%m-%dT%H:%M:%S.000000Z', 1798758000 + i * 7, 'unixepoch')")
        let bins = try db.rows("SELECT time_bin(v, 3600) AS b, count(*) FROM t GROUP BY b ORDER BY b")
        #expect(bins.count == 26)
        #expect(bins.first == [.text("2026-12-31T23:00:00.000000Z"), .integer(514)])
        #expect(bins[1] == [.text("2027-01-01T00:00:00.000000Z"), .integer(514)])
        let total = bins.reduce(Int64(0)) { sum, row in if case .integer(let n) = row[1] { sum + n } else { sum } }
        #expect(total == 13_000)
        let sortedAsText = try db.rows("SELECT b FROM (SELECT DISTINCT time_bin(v, 3600) AS b FROM t) ORDER BY b")
        #expect(sortedAsText.map { $0[0] } == bins.map { $0[0] })
    }
}
