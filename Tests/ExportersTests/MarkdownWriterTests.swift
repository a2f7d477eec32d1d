import AegisAudit
import Testing

@testable import Exporters

@Suite struct MarkdownWriterTests {
    @Test func headerDelimiterAndRows() throws {
        let text = try render(
            { MarkdownWriter(output: $0) }, columns: columns("id", "note"),
            rows: [[.integer(1), .text("ok")], [.null, .null]])
        #expect(text == "| id | note |\n| --- | --- |\n| 1 | ok |\n|  |  |\n")
    }

    @Test(arguments: [
        ("a|b", "a\\|b"), ("line1\nline2", "line1<br>line2"), ("crlf\r\nx", "crlf<br>x"),
        ("back\\slash", "back\\\\slash"),
        ("<script>", "&lt;script>"), ("a & b", "a &amp; b"), ("żółć", "żółć"),
    ])
    func cellsAreEscaped(value: String, cell: String) throws {
        let text = try render({ MarkdownWriter(output: $0) }, columns: columns("v"), rows: [[.text(value)]])
        #expect(text == "| v |\n| --- |\n| \(cell) |\n")
        #expect(text.split(separator: "\n").count == 3, "one line per row")
    }
}
