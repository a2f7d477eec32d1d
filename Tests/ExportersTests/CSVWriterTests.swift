import AegisAudit
import Testing

@testable import Exporters

private func csv(_ columns: [ResultColumn], _ rows: [[CacheValue]]) throws -> String {
    try render({ CSVWriter(output: $0) }, columns: columns, rows: rows)
}

@Suite struct CSVWriterTests {
    @Test func headerThenRowsWithCRLFLineEnds() throws {
        let text = try csv(columns("id", "actor"), [[.integer(1), .text("alice")], [.integer(2), .text("bob")]])
        #expect(text == "id,actor\r\n1,alice\r\n2,bob\r\n")
    }

    @Test func emptyResultIsTheHeaderOnly() throws {
        #expect(try csv(columns("a", "b"), []) == "a,b\r\n")
    }

    @Test(arguments: [
        ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("line1\nline2", "\"line1\nline2\""),
        ("cr\rhere", "\"cr\rhere\""), ("\"", "\"\"\"\""), ("plain text", "plain text"), ("tab\there", "tab\there"),
    ])
    func fieldsNeedingQuotesAreQuoted(value: String, field: String) throws {
        #expect(try csv(columns("v"), [[.text(value)]]) == "v\r\n" + field + "\r\n")
    }

    @Test func headerNamesAreQuotedLikeFields() throws {
        #expect(try csv(columns("a,b", "c\"d"), []) == "\"a,b\",\"c\"\"d\"\r\n")
    }

    @Test func nullIsAnEmptyFieldAndEmptyTextAQuotedOne() throws {
        // CSV has no NULL; `""` keeps empty text apart from it when the file is read back.
        #expect(try csv(columns("a", "b", "c"), [[.null, .text(""), .null]]) == "a,b,c\r\n,\"\",\r\n")
    }

    @Test(arguments: ["=SUM(A1:A9)", "+1", "-1", "@cmd", "=HYPERLINK(\"http://x\")", "\tTAB", "\rCR"])
    func formulaLookingValuesAreNeutralisedByDefault(value: String) throws {
        let text = try csv(columns("v"), [[.text(value)]])
        #expect(text == "v\r\n" + CSVWriter.field("'" + value) + "\r\n")
    }

    @Test(arguments: ["=SUM(A1:A9)", "+1", "-1", "@cmd", "=HYPERLINK(\"http://x\")"])
    func rawCSVWritesFormulaLookingValuesVerbatim(value: String) throws {
        let text = try render(
            { CSVWriter(output: $0, neutraliseFormulas: false) }, columns: columns("v"), rows: [[.text(value)]])
        let expected = value.contains("\"") ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        #expect(text == "v\r\n" + expected + "\r\n")
        #expect(!text.contains("'"))
    }

    @Test func numbersAreNotNeutralised() throws {
        #expect(try csv(columns("i", "r"), [[.integer(-42), .real(-1.5)]]) == "i,r\r\n-42,-1.5\r\n")
    }

    @Test func numbersAndBlobs() throws {
        let text = try csv(columns("i", "r", "b"), [[.integer(-42), .real(1.5), .blob([0x00, 0xAB, 0xFF])]])
        #expect(text == "i,r,b\r\n-42,1.5,00abff\r\n")
    }

    @Test func multibyteTextIsKept() throws {
        #expect(try csv(columns("v"), [[.text("żółć, 日本")]]) == "v\r\n\"żółć, 日本\"\r\n")
    }
}
