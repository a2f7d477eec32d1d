import Testing

@testable import AegisAudit

/// `format_time(ts, format, zone)` and the ``DisplayZone`` it parses.
@Suite struct FormatTimeZoneTests {
    @Test func fixedOffsetsShiftTheInstantAndNameThemselves() throws {
        let db = try FunctionDatabase()
        #expect(
            try db.value("SELECT format_time('2026-11-18T22:30:00Z', '%F %H:%M %Z %z', '+05:30')")
                == .text("2026-11-19 04:00 +05:30 +0530"))
        #expect(
            try db.value("SELECT format_time('2026-11-18T02:17:00Z', '%a %H:%M %z', '-0800')")
                == .text("Tue 18:17 -0800"))
        #expect(try db.value("SELECT format_time('2026-11-18T02:17:00Z', '%H:%M %Z', 'Z')") == .text("02:17 UTC"))
    }

    @Test func namedZonesFollowDaylightSavingTime() throws {
        let db = try FunctionDatabase()
        // Paris is UTC+2 in summer and UTC+1 in winter.
        #expect(
            try db.value("SELECT format_time('2026-07-01T12:00:00Z', '%H:%M %z', 'Europe/Paris')")
                == .text("14:00 +0200"))
        #expect(
            try db.value("SELECT format_time('2026-11-18T12:00:00Z', '%H:%M %z %Z', 'Europe/Paris')")
                == .text("13:00 +0100 Europe/Paris"))
    }

    @Test func aBadZoneIsAnErrorAndNullIsNull() throws {
        let db = try FunctionDatabase()
        let message = db.errorMessage("SELECT format_time('2026-11-18T12:00:00Z', '%H', 'Mars/Olympus')")
        #expect(message?.contains("unknown time zone 'Mars/Olympus'") == true)
        #expect(db.errorMessage("SELECT format_time('2026-11-18T12:00:00Z', '%H', '+25:00')") != nil)
        #expect(try db.value("SELECT format_time('2026-11-18T12:00:00Z', '%H', NULL)") == .null)
    }

    @Test func displayZoneParsing() {
        #expect(DisplayZone("+05:30")?.description == "+05:30")
        #expect(DisplayZone("-0800")?.description == "-08:00")
        #expect(DisplayZone("+02")?.offsetSeconds(atEpochSeconds: 0) == 7200)
        #expect(DisplayZone("utc") == .utc)
        #expect(DisplayZone("America/New_York")?.isFixed == false)
        for bad in ["", "+5:30", "+05:3", "+0530:", "05:30", "Paris", "+19:00", "+05:60"] {
            #expect(DisplayZone(bad) == nil, "\(bad)")
        }
    }
}
