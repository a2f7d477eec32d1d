import Testing

@testable import AegisAudit

@Suite struct FormatTimeFunctionTests {
    private let cacheTime = CacheValue.text("2026-11-18T02:17:00.123456Z")

    @Test func theCacheFormInCommonLayouts() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT format_time(?, '%Y-%m-%d %H:%M:%S')", cacheTime) == .text("2026-11-18 02:17:00"))
        #expect(try db.value("SELECT format_time(?, '%H:%M:%S.%f')", cacheTime) == .text("02:17:00.123456"))
        #expect(try db.value("SELECT format_time(?, '%F %T')", cacheTime) == .text("2026-11-18 02:17:00"))
        #expect(
            try db.value("SELECT format_time(?, 'day %j of %Y, 100%%')", cacheTime) == .text("day 322 of 2026, 100%"))
    }

    @Test func namesWeekdaysAndEpochSeconds() throws {
        let db = try FunctionDatabase()
        #expect(
            try db.value("SELECT format_time(?, '%a %A %b %B %u %w %y|%e|%s %Z %z')", cacheTime)
                == .text("Wed Wednesday Nov November 3 3 26|18|1794968220 UTC +0000"))
        #expect(
            try db.value("SELECT format_time('2024-02-29T23:59:59.999999Z', '%a %j %u %w %e|%f')")
                == .text("Thu 060 4 4 29|999999"))
        #expect(try db.value("SELECT format_time('2026-03-01T00:00:00.000000Z', '%e|%u %A')") == .text(" 1|7 Sunday"))
    }

    @Test func integerNanosecondsAreAccepted() throws {
        let db = try FunctionDatabase()
        #expect(
            try db.value("SELECT format_time(1794968220123456789, '%Y-%m-%dT%H:%M:%S.%fZ')")
                == .text("2026-11-18T02:17:00.123456Z"))
        // Before the epoch, nanoseconds floor: -1 ns is the last microsecond of 1969.
        #expect(try db.value("SELECT format_time(-1, '%F %T.%f %s')") == .text("1969-12-31 23:59:59.999999 -1"))
        #expect(try db.value("SELECT format_time(0, '%F %T.%f %a')") == .text("1970-01-01 00:00:00.000000 Thu"))
    }

    @Test func otherTimestampSpellingsAreReadAsUTCOrByTheirOffset() throws {
        let db = try FunctionDatabase()
        let layout = "'%F %T.%f'"
        for (input, expected) in [
            ("2026-11-18T02:17:00Z", "2026-11-18 02:17:00.000000"),
            ("2026-11-18 02:17:00", "2026-11-18 02:17:00.000000"),
            ("2026-11-18T02:17", "2026-11-18 02:17:00.000000"),
            ("2026-11-18", "2026-11-18 00:00:00.000000"),
            ("2026-11-18 02:17:00.5+00", "2026-11-18 02:17:00.500000"),
            ("2026-11-18T04:17:00.000000+02:00", "2026-11-18 02:17:00.000000"),
            ("2026-11-17T21:47:00-0430", "2026-11-18 02:17:00.000000"),
            ("2026-11-18T02:17:00.123456789Z", "2026-11-18 02:17:00.123456"),
        ] {
            #expect(try db.value("SELECT format_time(?, \(layout))", .text(input)) == .text(expected), "\(input)")
        }
    }

    @Test func textThatIsNotATimestampGivesNull() throws {
        let db = try FunctionDatabase()
        for input in [
            "infinity", "", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-18T24:00:00Z",
            "2026-11-18T02:60:00Z", "2026-11-18T02:17:00.Z", "2026-11-18T02:17:00.0000000001Z", "2026-11-18T",
            "2026-11-18T02:17:00Zjunk", "18/11/2026", "1794968220",
        ] {
            #expect(try db.value("SELECT format_time(?, '%F')", .text(input)) == .null, "\(input)")
        }
        #expect(try db.value("SELECT format_time(x'00', '%F')") == .null)
    }

    @Test func nullInNullOut() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT format_time(NULL, '%F')") == .null)
        #expect(try db.value("SELECT format_time('2026-11-18T02:17:00.000000Z', NULL)") == .null)
    }

    @Test func anUnknownConversionIsAnError() throws {
        let db = try FunctionDatabase()
        #expect(
            db.errorMessage("SELECT format_time('2026-11-18T02:17:00.000000Z', '%Y %Q')")
                == "format_time: unknown conversion %Q in the format")
        #expect(
            db.errorMessage("SELECT format_time('2026-11-18T02:17:00.000000Z', '%Y %')")
                == "format_time: the format ends with a lone %")
        // Even when the timestamp itself is unreadable.
        #expect(
            db.errorMessage("SELECT format_time('never', '%Q')") == "format_time: unknown conversion %Q in the format")
    }

    @Test func agreesWithSQLitesStrftimeAcrossTheYears() throws {
        let db = try FunctionDatabase()
        // Seconds from 0001-01-01 to 9999-12-31, spread by a multiplicative walk.
        try db.fill(20_000, "-62135596800 + (i * 15789887161 % 315537897599)")
        let disagreements = try db.rows(
            """
            SELECT v FROM t
            WHERE format_time(v * 1000000000, '%Y-%m-%d %H:%M:%S %j %w %s')
                != strftime('%Y-%m-%d %H:%M:%S %j %w %s', v, 'unixepoch')
              AND v BETWEEN -9223372036 AND 9223372036
            """)
        #expect(disagreements.isEmpty)
        // Beyond integer nanoseconds (1677-2262), through the text form.
        let textDisagreements = try db.rows(
            """
            SELECT v FROM t
            WHERE format_time(strftime('%Y-%m-%dT%H:%M:%S.000000Z', v, 'unixepoch'), '%Y-%m-%d %H:%M:%S %j %w %s')
                != strftime('%Y-%m-%d %H:%M:%S %j %w %s', v, 'unixepoch')
            """)
        #expect(textDisagreements.isEmpty)
    }
}
