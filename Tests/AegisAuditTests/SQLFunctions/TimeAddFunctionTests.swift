import Testing

@testable import AegisAudit

@Suite struct TimeAddFunctionTests {
    @Test(arguments: [
        ("2026-11-18T02:17:00.000000Z", "3600", "2026-11-18T03:17:00.000000Z"),
        ("2026-11-18T02:17:00.000000Z", "-86400", "2026-11-17T02:17:00.000000Z"),
        ("2026-11-18T02:17:00.000000Z", "0.25", "2026-11-18T02:17:00.250000Z"),
        ("2026-11-18T02:17:00.000000Z", "-0.000001", "2026-11-18T02:16:59.999999Z"),
        ("2026-11-18T02:17:00.000000Z", "'-900'", "2026-11-18T02:02:00.000000Z"),
        ("2026-12-31T23:59:59.999999Z", "0.000001", "2027-01-01T00:00:00.000000Z"),
        ("2024-02-28T12:00:00.000000Z", "86400", "2024-02-29T12:00:00.000000Z"),
        ("2100-02-28T12:00:00.000000Z", "86400", "2100-03-01T12:00:00.000000Z"),  // not a leap year
        ("2000-02-28T12:00:00.000000Z", "86400", "2000-02-29T12:00:00.000000Z"),  // a leap year
        ("1970-01-01T00:00:00.000000Z", "-1", "1969-12-31T23:59:59.000000Z"),
        ("2026-11-18T02:17:00.5Z", "0", "2026-11-18T02:17:00.500000Z"),  // normalised to the cache form
    ])
    func shiftsAndWritesTheCacheForm(_ time: String, _ seconds: String, _ expected: String) throws {
        #expect(try FunctionDatabase().value("SELECT time_add(?, \(seconds))", .text(time)) == .text(expected))
    }

    @Test func integerNanosecondsAreAccepted() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT time_add(1794968220123456789, -60)") == .text("2026-11-18T02:16:00.123456Z"))
    }

    @Test func nullUnreadableAndOutOfRangeGiveNull() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT time_add(NULL, 60)") == .null)
        #expect(try db.value("SELECT time_add('2026-11-18T02:17:00.000000Z', NULL)") == .null)
        #expect(try db.value("SELECT time_add('yesterday', 60)") == .null)
        #expect(try db.value("SELECT time_add('9999-12-31T23:59:59.999999Z', 0.000001)") == .null)
        #expect(try db.value("SELECT time_add('0000-01-01T00:00:00.000000Z', -1)") == .null)
        #expect(try db.value("SELECT time_add('2026-11-18T02:17:00.000000Z', 9223372036854775807)") == .null)
        #expect(try db.value("SELECT time_add('2026-11-18T02:17:00.000000Z', 1e300)") == .null)
        #expect(
            try db.value("SELECT time_add('9999-12-31T23:59:59.999999Z', 0)") == .text("9999-12-31T23:59:59.999999Z"))
    }

    @Test func aShiftThatIsNotANumberIsAnError() throws {
        let db = try FunctionDatabase()
        #expect(
            db.errorMessage("SELECT time_add('2026-11-18T02:17:00.000000Z', '5 minutes')")
                == "time_add: the shift must be a number of seconds, not '5 minutes'")
    }

    @Test func agreesWithSQLitesDateArithmetic() throws {
        let db = try FunctionDatabase()
        try db.fill(20_000, "(i * 15789887161 % 315537897599) - 62135596800")
        // Shifting the epoch by v seconds, against SQLite's own calendar.
        let disagreements = try db.rows(
            """
            SELECT v FROM t
            WHERE time_add('1970-01-01T00:00:00.000000Z', v) != strftime('%Y-%m-%dT%H:%M:%S.000000Z', v, 'unixepoch')
            """)
        #expect(disagreements.isEmpty)
        // And back again: the cache form reads as it was written.
        let roundTrips = try db.value(
            """
            SELECT count(*) FROM t
            WHERE time_add(time_add('1970-01-01T00:00:00.000000Z', v), -v) = '1970-01-01T00:00:00.000000Z'
            """)
        #expect(roundTrips == .integer(20_000))
    }
}
