import Testing

@testable import AegisAudit

/// Multi-line strings: `'''` as written, `"""` with escapes and line-ending backslashes, the
/// first line break dropped, positions of later keys still right.
@Suite struct TOMLMultiLineStringTests {
    @Test func literalKeepsEverythingAsWritten() throws {
        let values = try TOMLSubset.parseLocated(
            """
            query = '''
            from audit_events
            | where user_agent =~ /\\d+/ and x == "a\\tb"
            '''
            after = 1
            """, path: "h.toml")
        #expect(
            values["query"]?.value == .string("from audit_events\n| where user_agent =~ /\\d+/ and x == \"a\\tb\"\n"))
        #expect(values["after"]?.line == 5)
    }

    @Test func basicTakesEscapesAndJoinsContinuedLines() throws {
        let values = try TOMLSubset.parse(
            """
            text = \"\"\"
            one \\
              two\\tthree "quoted" \\\\
            end\"\"\"   # a comment
            same = \"\"\"on one line\"\"\"
            """, path: "h.toml")
        #expect(values["text"] == .string("one two\tthree \"quoted\" \\\nend"))
        #expect(values["same"] == .string("on one line"))
    }

    @Test func unclosedAndTrailingTextAreErrors() {
        #expect(throws: ConfigError.self) { try TOMLSubset.parse("a = '''\nnever closed\n", path: "h.toml") }
        do {
            _ = try TOMLSubset.parse("a = '''x'''  y", path: "h.toml")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 1)
            #expect(error.message == "unexpected text after the value")
        }
    }

    @Test func carriageReturnsAreDropped() throws {
        #expect(try TOMLSubset.parse("a = '''\r\nx\r\ny'''\r\n", path: "h.toml") == ["a": .string("x\ny")])
    }
}
