import AegisAudit
import Testing

@testable import Exporters

private func table(
    _ columns: [ResultColumn], _ rows: [[CacheValue]], maximumWidth: Int = 48, sampleRows: Int = 500
) throws -> [String] {
    let text = try render(
        { TableWriter(output: $0, maximumWidth: maximumWidth, sampleRows: sampleRows) }, columns: columns, rows: rows)
    #expect(text.hasSuffix("\n"))
    return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}

@Suite struct TableWriterTests {
    @Test func columnsAreAlignedToTheWidestCell() throws {
        let lines = try table(
            columns("id", "actor", "n"),
            [[.integer(1), .text("alice"), .null], [.integer(1234), .text("bo"), .integer(7)]])
        #expect(
            lines == [
                "id    actor  n",
                "----  -----  -",
                "1     alice  ",
                "1234  bo     7",
                "(2 rows)",
            ])
    }

    @Test func widthsCountCharactersNotBytes() throws {
        let lines = try table(columns("name", "x"), [[.text("żółć日本"), .integer(1)], [.text("ab"), .integer(2)]])
        #expect(lines[0] == "name    x")
        #expect(lines[2] == "żółć日本  1")
        #expect(lines[3] == "ab      2")
    }

    @Test func longCellsAreCutWithAnEllipsis() throws {
        let lines = try table(columns("v", "w"), [[.text("abcdefghijkl"), .text("ok")]], maximumWidth: 8)
        #expect(lines[1] == "--------  --")
        #expect(lines[2] == "abcdefg…  ok")
        #expect(lines[2].count == 12)
    }

    @Test func cellOfExactlyTheMaximumWidthIsNotCut() throws {
        let lines = try table(columns("v"), [[.text("abcdefgh")]], maximumWidth: 8)
        #expect(lines[2] == "abcdefgh")
    }

    @Test func longHeaderIsCutToo() throws {
        let lines = try table(columns("a_very_long_header", "b"), [[.integer(1), .integer(2)]], maximumWidth: 6)
        #expect(lines[0] == "a_ver…  b")
        #expect(lines[2] == "1       2")
    }

    @Test func controlCharactersAreShownAsEscapes() throws {
        let lines = try table(columns("v"), [[.text("one\ntwo\r\tthree\u{1B}[31m")]])
        #expect(lines.count == 4)  // header, rule, the one row, the count: no line was split
        #expect(lines[2] == #"one\ntwo\r\tthree\x1b[31m"#)
    }

    @Test func rowCountLine() throws {
        #expect(try table(columns("a"), []) == ["a", "-", "(0 rows)"])
        #expect(try table(columns("a"), [[.integer(1)]]).last == "(1 row)")
    }

    @Test func rowsAfterTheSampleUseTheSampleWidths() throws {
        let rows: [[CacheValue]] = [[.text("a")], [.text("bb")], [.text("cccccc")], [.text("dd")]]
        let lines = try table(columns("v"), rows, sampleRows: 2)
        #expect(lines == ["v", "--", "a", "bb", "c…", "dd", "(4 rows)"])
    }

    @Test func numbersAndBlobs() throws {
        let lines = try table(columns("i", "r", "b"), [[.integer(-5), .real(0.25), .blob([0x01, 0xFE])]])
        #expect(lines[2] == "-5  0.25  01fe")
    }
}
