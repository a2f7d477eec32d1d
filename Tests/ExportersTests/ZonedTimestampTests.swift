import AegisAudit
import Testing

@testable import Exporters

@Suite struct ZonedTimestampTests {
    @Test(arguments: [
        ("2026-11-20T10:30:45.123456Z", "+05:30", "2026-11-20T16:00:45.123456+05:30"),
        ("2026-11-20T03:00:00.000000Z", "-08:00", "2026-11-19T19:00:00.000000-08:00"),
        ("2026-12-31T23:30:00.5Z", "+01:00", "2027-01-01T00:30:00.5+01:00"),
        ("2024-02-28T23:00:00Z", "+02:00", "2024-02-29T01:00:00+02:00"),
        ("2026-11-18T02:14:05.123456789Z", "Europe/Paris", "2026-11-18T03:14:05.123456789+01:00"),
        ("2026-07-18T02:14:05.000000Z", "Europe/Paris", "2026-07-18T04:14:05.000000+02:00"),
        // Paris leaves winter time at 01:00 UTC on the last Sunday of March.
        ("2026-03-29T00:59:59.000000Z", "Europe/Paris", "2026-03-29T01:59:59.000000+01:00"),
        ("2026-03-29T01:00:00.000000Z", "Europe/Paris", "2026-03-29T03:00:00.000000+02:00"),
        ("2026-11-20T10:30:45.123456Z", "UTC", "2026-11-20T10:30:45.123456+00:00"),
    ])
    func rendersInTheZoneWithItsOffset(utc: String, zone: String, expected: String) throws {
        let zone = try #require(DisplayZone(zone))
        #expect(ZonedTimestamp.render(utc, in: zone) == expected)
        #expect(ZonedTimestamp.utcText(fromZoned: expected) == utc)
    }

    @Test(arguments: [
        "", "2026-11-20", "2026-11-20T10:30:45", "2026-11-20T10:30:45+01:00", "2026-13-20T10:30:45Z",
        "2026-02-30T10:30:45Z", "2026-11-20T24:00:00Z", "2026-11-20 10:30:45Z", "2026-11-20T10:30:45.Z",
        "2026-11-20T10:30:45.1234567890Z", "x2026-11-20T10:30:45Z", "2026-11-20T10:30:45.12a456Z", "hello",
    ])
    func leavesAnythingElseAlone(text: String) throws {
        #expect(ZonedTimestamp.render(text, in: try #require(DisplayZone("+05:30"))) == nil)
    }

    @Test func theSinkRendersOnlyWholeTimestampCells() throws {
        let text = try render(
            { ExportFormat.csv.sink(to: $0, options: ExportOptions(zone: DisplayZone("+05:30")!)) },
            columns: columns("t", "note"),
            rows: [[.text("2026-11-20T10:30:45.123456Z"), .text("at 2026-11-20T10:30:45.123456Z")]])
        #expect(text == "t,note\r\n2026-11-20T16:00:45.123456+05:30,at 2026-11-20T10:30:45.123456Z\r\n")
    }

    @Test func utcIsTheCacheFormUnchanged() throws {
        let text = try render(
            { ExportFormat.jsonl.sink(to: $0) }, columns: columns("t"), rows: [[.text("2026-11-20T10:30:45.123456Z")]])
        #expect(text == "{\"t\":\"2026-11-20T10:30:45.123456Z\"}\n")
    }
}
