import AegisAudit
import Foundation
import Testing

@testable import Exporters

private func timesketch(
    _ columns: [ResultColumn], _ rows: [[CacheValue]], options: TimesketchOptions = TimesketchOptions(),
    zone: DisplayZone = .utc
) throws -> [[String: Any]] {
    let text = try render(
        { ExportFormat.timesketchJSONL.sink(to: $0, options: ExportOptions(zone: zone, timesketch: options)) },
        columns: columns, rows: rows)
    return try text.split(separator: "\n").map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
}

@Suite struct TimesketchWriterTests {
    @Test func requiredFieldsThenColumnsAsAttributes() throws {
        let objects = try timesketch(
            columns("created_at", "summary", "ip"),
            [[.text("2026-11-18T02:14:05.123456Z"), .text("login"), .text("198.51.100.250")]],
            zone: DisplayZone("+01:00")!)
        let object = try #require(objects.first)
        #expect(object["message"] as? String == "login")
        #expect(object["datetime"] as? String == "2026-11-18T03:14:05.123456+01:00")
        #expect(object["timestamp_desc"] as? String == "created_at")
        #expect(object["ip"] as? String == "198.51.100.250")
        #expect(object["summary"] as? String == "login")
    }

    @Test func withoutAMessageColumnTheMessageIsComposed() throws {
        let objects = try timesketch(
            columns("kind", "time", "ip"), [[.text("login"), .text("2026-11-18T02:14:05Z"), .null]])
        #expect(objects.first?["message"] as? String == "kind=login")
    }

    @Test func optionsChooseTheColumns() throws {
        let objects = try timesketch(
            columns("time", "other_time", "note"),
            [[.text("2026-11-18T02:14:05Z"), .text("2026-01-01T00:00:00Z"), .text("hello")]],
            options: TimesketchOptions(timeColumn: "other_time", messageColumn: "note", timestampDescription: "Noticed")
        )
        #expect(objects.first?["datetime"] as? String == "2026-01-01T00:00:00Z")
        #expect(objects.first?["message"] as? String == "hello")
        #expect(objects.first?["timestamp_desc"] as? String == "Noticed")
    }

    @Test func reservedColumnNamesAreKeptUnderAnotherName() throws {
        let objects = try timesketch(
            columns("time", "message", "datetime"), [[.text("2026-11-18T02:14:05Z"), .text("m"), .text("d")]])
        let object = try #require(objects.first)
        #expect(object["message"] as? String == "m")
        #expect(object["column_datetime"] as? String == "d")
        #expect(object["datetime"] as? String == "2026-11-18T02:14:05Z")
    }

    @Test func noTimeColumnIsAnErrorNamingTheOption() throws {
        let error = try #require(throws: ExportError.self) { _ = try timesketch(columns("a", "b"), []) }
        #expect(error.description.contains("--time-column"))
    }

    @Test func aRowWithoutATimeIsAnError() throws {
        let error = try #require(throws: ExportError.self) {
            _ = try timesketch(columns("time"), [[.text("2026-11-18T02:14:05Z")], [.null]])
        }
        #expect(error.description.contains("row 2"))
    }

    @Test func csvHasTheRequiredHeader() throws {
        let text = try render(
            { ExportFormat.timesketchCSV.sink(to: $0) }, columns: columns("time", "summary"),
            rows: [[.text("2026-11-18T02:14:05Z"), .text("=danger")]])
        #expect(
            text
                == "message,datetime,timestamp_desc,time,summary\r\n'=danger,2026-11-18T02:14:05Z,time,2026-11-18T02:14:05Z,'=danger\r\n"
        )
    }
}
