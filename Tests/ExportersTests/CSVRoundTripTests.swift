import AegisAudit
import Foundation
import Testing

@testable import Exporters

/// Reads a CSV export back with the verifier's reader, undoing formula neutralisation.
private func readBack(_ text: String, neutralised: Bool) throws -> [[String?]] {
    let directory = try ScratchDirectory()
    defer { directory.cleanUp() }
    let path = directory.path("back.csv")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    var reader = CSVRowReader(reader: try ByteReader(path: path))
    var records: [[String?]] = []
    while let record = try reader.next() {
        records.append(record.map { cell in cell.map { neutralised ? FormulaGuard.restore($0) : $0 } })
    }
    return records
}

private func expectedCells(_ row: [CacheValue]) -> [String?] {
    row.map { value in
        switch value {
        case .null: return nil
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .text(let text): return text
        case .blob(let bytes): return ValueText.hex(bytes)
        }
    }
}

@Suite struct CSVRoundTripTests {
    @Test(arguments: [true, false])
    func parsedBackEqualsTheRows(neutralise: Bool) throws {
        let text = try render(
            { CSVWriter(output: $0, neutraliseFormulas: neutralise) }, columns: EvidenceFixture.columns,
            rows: EvidenceFixture.rows)
        let records = try readBack(text, neutralised: neutralise)
        #expect(records.first == EvidenceFixture.columns.map { Optional($0.name) })
        #expect(Array(records.dropFirst()) == EvidenceFixture.rows.map(expectedCells))
    }

    @Test(arguments: [
        "a,b", "say \"hi\"", "\"", "\"\"", "line1\nline2", "cr\rhere", "crlf\r\nend", "trailing,", ",", "żółć, 日本 🦊",
        "=1+2", "+1", "-1", "@x", "\tTAB", "\rCR", "'=quoted", "''=twice", "'plain", "'", " =space first",
    ])
    func oneNastyValueSurvives(value: String) throws {
        for neutralise in [true, false] {
            let text = try render(
                { CSVWriter(output: $0, neutraliseFormulas: neutralise) }, columns: columns("v", "w"),
                rows: [[.text(value), .text("x")]])
            #expect(try readBack(text, neutralised: neutralise) == [["v", "w"], [value, "x"]])
        }
    }

    @Test func nullAndEmptyTextStayApart() throws {
        let text = try render({ CSVWriter(output: $0) }, columns: columns("a", "b"), rows: [[.null, .text("")]])
        #expect(try readBack(text, neutralised: true) == [["a", "b"], [nil, ""]])
    }

    @Test(arguments: ["=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@A1", "\t=1", "\r=1"])
    func formulaCellsAreNeutralisedByDefault(value: String) throws {
        let text = try render({ CSVWriter(output: $0) }, columns: columns("v"), rows: [[.text(value)]])
        let cell = try #require(try readBack(text, neutralised: false).last?.first ?? nil)
        #expect(cell == "'" + value)
        let raw = try render(
            { CSVWriter(output: $0, neutraliseFormulas: false) }, columns: columns("v"), rows: [[.text(value)]])
        #expect(try readBack(raw, neutralised: false).last?.first == value)
    }

    @Test func headerNamesAreNeutralisedToo() throws {
        let text = try render({ CSVWriter(output: $0) }, columns: columns("=x"), rows: [])
        #expect(text == "'=x\r\n")
    }
}
