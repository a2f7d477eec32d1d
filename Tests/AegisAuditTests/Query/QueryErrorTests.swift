import Testing

@testable import AegisAudit

/// The three lines of a positioned QueryError description.
private struct Rendered {
    let header: String
    let lineText: String
    let caretLine: String

    init?(_ error: QueryError) {
        let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 3 else { return nil }
        (header, lineText, caretLine) = (lines[0], lines[1], lines[2])
    }

    /// The character of the quoted line that the caret stands under.
    var characterAtCaret: Character? {
        guard caretLine.hasSuffix("^"), caretLine.dropLast().allSatisfy({ $0 == " " }) else { return nil }
        let shown = Array(lineText)
        let index = caretLine.count - 1
        return index < shown.count ? shown[index] : nil
    }
}

/// The byte offset of the first `marker` in `query`.
private func byteOffset(of marker: String, in query: String) -> Int {
    query.utf8.count - query[query.range(of: marker)!.lowerBound...].utf8.count
}

@Suite struct QueryErrorTests {
    @Test func withoutOffsetThereIsNoCaret() {
        let error = QueryError(query: "SELECT 1", offset: nil, message: "boom")
        #expect(error.description == "query: error: boom")
    }

    @Test func offsetPastTheEndIsIgnored() {
        let error = QueryError(query: "SELECT 1", offset: 99, message: "boom")
        #expect(error.description == "query: error: boom")
    }

    @Test func singleLineQuery() throws {
        let query = "SELECT * FORM audit_events"
        let error = QueryError(
            query: query, offset: byteOffset(of: "FORM", in: query), message: "near \"FORM\": syntax error")
        let rendered = try #require(Rendered(error))
        #expect(rendered.header == "query:1:10: error: near \"FORM\": syntax error")
        #expect(rendered.lineText == "  " + query)
        #expect(rendered.characterAtCaret == "F")
    }

    @Test func offsetZeroIsLineOneColumnOne() throws {
        let rendered = try #require(Rendered(QueryError(query: "SELEC 1", offset: 0, message: "m")))
        #expect(rendered.header.hasPrefix("query:1:1: "))
        #expect(rendered.characterAtCaret == "S")
    }

    @Test func multiLineQueryShowsOnlyTheFailingLine() throws {
        let query = "SELECT id,\n       actor\n  FROM nowhere\n WHERE 1"
        let error = QueryError(
            query: query, offset: byteOffset(of: "nowhere", in: query), message: "no such table: nowhere")
        let rendered = try #require(Rendered(error))
        #expect(rendered.header == "query:3:8: error: no such table: nowhere")
        #expect(rendered.lineText == "    FROM nowhere")
        #expect(rendered.characterAtCaret == "n")
    }

    @Test func offsetAtTheStartOfALine() throws {
        let query = "SELECT 1\nFROM t"
        let rendered = try #require(Rendered(QueryError(query: query, offset: 9, message: "m")))
        #expect(rendered.header.hasPrefix("query:2:1: "))
        #expect(rendered.characterAtCaret == "F")
    }

    @Test func offsetAtTheEndOfTheQueryPointsJustPastIt() throws {
        let query = "SELECT 1,\n  2 +"
        let rendered = try #require(
            Rendered(QueryError(query: query, offset: query.utf8.count, message: "incomplete input")))
        #expect(rendered.header.hasPrefix("query:2:6: "))
        #expect(rendered.caretLine == "  " + String(repeating: " ", count: 5) + "^")
    }

    @Test func columnCountsCharactersAfterMultibyteText() throws {
        let query = "SELECT 'żółć', '日本', '🦊' FRM t"
        let error = QueryError(query: query, offset: byteOffset(of: "FRM", in: query), message: "syntax error")
        let rendered = try #require(Rendered(error))
        // 'żółć' is 10 bytes, '日本' 8 and '🦊' 6, but 6, 4 and 3 characters.
        #expect(rendered.header.hasPrefix("query:1:26: "))
        #expect(rendered.characterAtCaret == "F")
    }

    @Test func multibyteTextOnAnEarlierLineDoesNotShiftTheColumn() throws {
        let query = "-- żółć 日本\nSELECT x FROM"
        let error = QueryError(query: query, offset: byteOffset(of: "x", in: query), message: "m")
        let rendered = try #require(Rendered(error))
        #expect(rendered.header.hasPrefix("query:2:8: "))
        #expect(rendered.characterAtCaret == "x")
    }
}
