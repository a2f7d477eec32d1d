import AegisAudit
import Testing

@testable import Repl

@Suite struct TerminalTableTests {
    /// The table `rows` make under `style`.
    func render(
        _ columns: [String], _ rows: [[CacheValue]], width: Int? = 80, maxRows: Int = 100
    ) throws -> String {
        var text = ""
        let table = TerminalTable(style: TableStyle(width: width, maxRows: maxRows, colours: false)) { text += $0 }
        try table.begin(columns: columns.map { ResultColumn(name: $0, declaredType: nil) })
        for row in rows { try table.write(row: row) }
        try table.finish()
        return text
    }

    @Test func numbersRightNullDistinctTimesInUTC() throws {
        let text = try render(
            ["created_at", "user_id", "n"],
            [
                [.text("2026-11-18T02:14:05.000000Z"), .text("u-oncall"), .integer(7)],
                [.text("2026-11-18T02:14:05.250000Z"), .null, .integer(12345)],
            ])
        #expect(
            text == """
                created_at               user_id       n
                ───────────────────────  ────────  ─────
                2026-11-18 02:14:05Z     u-oncall      7
                2026-11-18 02:14:05.25Z  NULL      12345
                (2 rows)

                """)
    }

    @Test func wideCellsAreCutToFitTheTerminal() throws {
        let long = String(repeating: "x", count: 100)
        let text = try render(["id", "details"], [[.text("e1"), .text(long)]], width: 40)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= 40 })
        #expect(lines[2] == "e1  " + String(repeating: "x", count: 35) + "…")
    }

    @Test func rowCapSaysHowManyMore() throws {
        let rows = (1...250).map { [CacheValue.integer(Int64($0))] }
        let text = try render(["number"], rows, maxRows: 3)
        #expect(text.hasSuffix("\n     3\n… 247 more rows (250 in all; .maxrows to show more)\n"))
        #expect(!text.contains("     4\n"))
    }

    @Test func columnsThatCannotFitAreNamed() throws {
        let columns = (1...12).map { "column_\($0)" }
        let row = (1...12).map { CacheValue.text("value-\($0)-long") }
        let text = try render(columns, [row], width: 40)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.dropLast().allSatisfy { DisplayWidth.of($0) <= 40 })
        #expect(lines[0] == "colum…  colum…  colum…  colum…  colum…")
        #expect(lines[2] == "value…  value…  value…  value…  value…")
        #expect(lines.last == "7 columns not shown: " + (6...12).map { "column_\($0)" }.joined(separator: ", "))
    }

    @Test func withoutATerminalNothingIsCut() throws {
        let long = String(repeating: "y", count: 150)
        let text = try render(["details"], [[.text(long)], [.text("a\nb")]], width: nil, maxRows: 0)
        #expect(text.contains(long))
        #expect(text.contains("a\\nb"))
        #expect(text.hasSuffix("(2 rows)\n"))
    }

    @Test func anEmptyResultStillShowsItsColumns() throws {
        #expect(try render(["id"], []) == "id\n──\n(0 rows)\n")
    }

    @Test func timestampsAreRecognisedOnlyInTheCacheForm() {
        #expect(UTCTimestampText.display("2026-11-18T02:14:05.000000Z") == "2026-11-18 02:14:05Z")
        #expect(UTCTimestampText.display("2026-11-18T02:14:05Z") == "2026-11-18 02:14:05Z")
        #expect(UTCTimestampText.display("2026-11-18T02:14:05.123400Z") == "2026-11-18 02:14:05.1234Z")
        #expect(UTCTimestampText.display("2026-11-18 02:14:05") == nil)
        #expect(UTCTimestampText.display("not a time at all, really") == nil)
    }
}
