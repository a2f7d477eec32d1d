import AegisAudit
import Foundation
import Testing

@testable import Exporters

private func json(_ columns: [ResultColumn], _ rows: [[CacheValue]], lines: Bool = false) throws -> String {
    try render({ JSONWriter(output: $0, linesMode: lines) }, columns: columns, rows: rows)
}

/// Parses `text` with Foundation, as an independent check that it is valid JSON.
private func parsed(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

@Suite struct JSONWriterTests {
    @Test func arrayModeWritesOneObjectPerRow() throws {
        let text = try json(columns("id", "actor"), [[.integer(1), .text("alice")], [.integer(2), .null]])
        #expect(text == "[\n{\"id\":1,\"actor\":\"alice\"},\n{\"id\":2,\"actor\":null}\n]\n")
        let rows = try #require(try parsed(text) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows[0]["actor"] as? String == "alice")
        #expect(rows[1]["actor"] is NSNull)
    }

    @Test func emptyResultIsAnEmptyArray() throws {
        let text = try json(columns("a"), [])
        #expect(text == "[]\n")
        #expect((try parsed(text) as? [Any])?.isEmpty == true)
    }

    @Test func linesModeWritesOneObjectPerLine() throws {
        let text = try json(columns("n"), [[.integer(1)], [.integer(2)], [.integer(3)]], lines: true)
        #expect(text == "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")
        let numbers = try text.split(separator: "\n").map {
            try #require(try parsed(String($0)) as? [String: Int])["n"]
        }
        #expect(numbers == [1, 2, 3])
    }

    @Test func emptyResultInLinesModeIsEmpty() throws {
        #expect(try json(columns("a"), [], lines: true) == "")
    }

    @Test func controlCharactersAndQuotesAreEscaped() throws {
        let nasty = "q\"b\\n\nr\rt\tnul\u{0}bell\u{7}esc\u{1B}ls\u{2028}ps\u{2029}end"
        let text = try json(columns("k\"ey\n"), [[.text(nasty)]], lines: true)
        #expect(
            !text.dropLast().unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x2028 || $0.value == 0x2029 })
        #expect(text.contains(#"\u0000"#) && text.contains(#"\u0007"#) && text.contains(#"\u001b"#))
        #expect(text.contains(#"\u2028"#) && text.contains(#"\u2029"#))
        let object = try #require(try parsed(text) as? [String: String])
        #expect(object == ["k\"ey\n": nasty])
    }

    @Test func validJSONTextColumnIsEmbedded() throws {
        let columns = [ResultColumn(name: "details", declaredType: "JSONTEXT")]
        let text = try json(columns, [[.text(#"{"ip": "10.0.0.1", "tags": [1, 2]}"#)]], lines: true)
        #expect(text == #"{"details":{"ip": "10.0.0.1", "tags": [1, 2]}}"# + "\n")
        let object = try #require(try parsed(text) as? [String: Any])
        let details = try #require(object["details"] as? [String: Any])
        #expect(details["ip"] as? String == "10.0.0.1")
    }

    @Test func embeddedMultiLineJSONStaysOnOneLineInLinesMode() throws {
        // A `json` column keeps its source formatting, newlines included.
        let document = "{\n  \"a\": [1,\r\n 2],\n  \"s\": \"x\\ny\"\n}"
        let columns = [ResultColumn(name: "d", declaredType: "JSONTEXT"), ResultColumn(name: "n", declaredType: nil)]
        let text = try json(columns, [[.text(document), .integer(1)], [.text(document), .integer(2)]], lines: true)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        for (index, line) in lines.enumerated() {
            let object = try #require(try parsed(String(line)) as? [String: Any])
            let embedded = try #require(object["d"] as? [String: Any])
            #expect(embedded["a"] as? [Int] == [1, 2])
            #expect(embedded["s"] as? String == "x\ny")
            #expect(object["n"] as? Int == index + 1)
        }
    }

    @Test func embeddedMultiLineJSONIsValidInArrayMode() throws {
        let document = "[\n  1,\n  2\n]"
        let text = try json([ResultColumn(name: "d", declaredType: "JSONTEXT")], [[.text(document)]])
        let rows = try #require(try parsed(text) as? [[String: Any]])
        #expect(rows.first?["d"] as? [Int] == [1, 2])
    }

    @Test func declaredTypeIsMatchedCaselessly() throws {
        let columns = [ResultColumn(name: "d", declaredType: "jsontext")]
        #expect(try json(columns, [[.text("[1]")]], lines: true) == "{\"d\":[1]}\n")
    }

    @Test(arguments: ["{not json", "[1,]", "", "{\"a\":1} trailing", "'single'"])
    func invalidJSONTextColumnIsAString(value: String) throws {
        let columns = [ResultColumn(name: "details", declaredType: "JSONTEXT")]
        let text = try json(columns, [[.text(value)]], lines: true)
        let object = try #require(try parsed(text) as? [String: String])
        #expect(object == ["details": value])
    }

    @Test func jsonLookingTextInAPlainColumnIsAString() throws {
        let columns = [ResultColumn(name: "t", declaredType: "TEXT")]
        let object = try #require(
            try parsed(try json(columns, [[.text("{\"a\":1}")]], lines: true)) as? [String: String])
        #expect(object == ["t": "{\"a\":1}"])
    }

    @Test func numbersBlobsAndNonFiniteReals() throws {
        let text = try json(
            columns("i", "r", "nan", "inf", "b"),
            [[.integer(Int64.min), .real(2.5), .real(.nan), .real(-.infinity), .blob([0xDE, 0xAD])]],
            lines: true)
        #expect(text == "{\"i\":-9223372036854775808,\"r\":2.5,\"nan\":null,\"inf\":null,\"b\":\"dead\"}\n")
        #expect(JSONSyntax.isValid(String(text.dropLast())))
    }
}

@Suite struct JSONWriterScalarDocumentTests {
    @Test(arguments: ["\"abc\"", "5", "null", "true"])
    func jsonScalarsInAJSONColumnStayStrings(value: String) throws {
        // Only objects and arrays are embedded, so a reader can tell `"abc"` from `abc`.
        let columns = [ResultColumn(name: "d", declaredType: "JSONTEXT")]
        let text = try json(columns, [[.text(value)]], lines: true)
        let object = try #require(try parsed(text) as? [String: String])
        #expect(object == ["d": value])
    }
}
