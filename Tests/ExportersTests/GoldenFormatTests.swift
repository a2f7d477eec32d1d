import AegisAudit
import Foundation
import Testing

@testable import Exporters

/// Every format's output for ``EvidenceFixture`` against a committed golden file
/// (`Golden/<name>`, a test resource). `AEGIS_UPDATE_GOLDEN=1` rewrites them in the source tree
/// (then rebuild); review the diff before committing.
@Suite struct GoldenFormatTests {
    static let cases: [(String, ExportFormat, ExportOptions)] = [
        ("fixture.csv", .csv, ExportOptions()),
        ("fixture-raw.csv", .csv, ExportOptions(rawCSV: true)),
        ("fixture.json", .json, ExportOptions()),
        ("fixture.jsonl", .jsonl, ExportOptions()),
        ("fixture.md", .markdown, ExportOptions()),
        ("fixture.txt", .table, ExportOptions()),
        ("fixture-paris.csv", .csv, ExportOptions(zone: DisplayZone("Europe/Paris")!)),
        ("fixture-offset.jsonl", .jsonl, ExportOptions(zone: DisplayZone("-08:00")!)),
        ("fixture-timesketch.jsonl", .timesketchJSONL, ExportOptions()),
        ("fixture-timesketch.csv", .timesketchCSV, ExportOptions(zone: DisplayZone("+05:30")!)),
    ]

    static var goldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    @Test(arguments: cases.map(\.0))
    func formatMatchesItsGoldenFile(name: String) throws {
        let (_, format, options) = try #require(Self.cases.first { $0.0 == name })
        // Timesketch needs a time in every row: only the rows that have one.
        let rows =
            format == .timesketchJSONL || format == .timesketchCSV
            ? EvidenceFixture.rows.filter {
                if case .text(let time) = $0[0] { return CacheTime.microseconds(parsing: time) != nil }
                return false
            } : EvidenceFixture.rows
        let text = try render({ format.sink(to: $0, options: options) }, columns: EvidenceFixture.columns, rows: rows)
        if ProcessInfo.processInfo.environment["AEGIS_UPDATE_GOLDEN"] == "1" {
            try text.write(to: Self.goldenDirectory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            return
        }
        let golden = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden"))
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file")
    }
}
