import Testing

@testable import AegisAudit

private func parse(_ text: String) throws(ConfigError) -> [String: TOMLValue] {
    try TOMLSubset.parse(text, path: "test.toml")
}

@Suite struct TOMLSubsetValueTests {
    @Test func topLevelKeysAndTables() throws {
        let values = try parse(
            """
            cache = "audit.sqlite"
            [sources.backend]
            url = "postgresql://b"
            [sync]
            overlap = "10m"
            """)
        #expect(
            values == [
                "cache": .string("audit.sqlite"), "sources.backend.url": .string("postgresql://b"),
                "sync.overlap": .string("10m"),
            ])
    }

    @Test func dottedKeysWithSpacesAndQuotedParts() throws {
        let values = try parse(
            """
            [ sources . executor ]
            a.b = 1
            c . "d e" = 2
            """)
        #expect(values == ["sources.executor.a.b": .integer(1), "sources.executor.c.d e": .integer(2)])
    }

    @Test func basicStringEscapes() throws {
        let values = try parse(#"k = "tab\there\nquote\" back\\ cr\r é\u00e9 \u263A""#)
        #expect(values["k"] == .string("tab\there\nquote\" back\\ cr\r éé ☺"))
    }

    @Test func literalStringsKeepBackslashes() throws {
        let values = try parse(#"k = 'C:\path\n "quoted" # not a comment'"#)
        #expect(values["k"] == .string(#"C:\path\n "quoted" # not a comment"#))
    }

    @Test func emptyStrings() throws {
        #expect(try parse(#"a = """#)["a"] == .string(""))
        #expect(try parse("b = ''")["b"] == .string(""))
    }

    @Test func integers() throws {
        let values = try parse("a = 42\nb = -7\nc = 1_000_000\nd = 0")
        #expect(values == ["a": .integer(42), "b": .integer(-7), "c": .integer(1_000_000), "d": .integer(0)])
    }

    @Test func booleans() throws {
        #expect(try parse("a = true\nb = false") == ["a": .boolean(true), "b": .boolean(false)])
    }

    @Test func arraysOfStrings() throws {
        let values = try parse(#"a = ["x", 'y\z', "w\"v"]"# + "\nb = []\nc = [ \"only\" , ]")
        #expect(values["a"] == .strings(["x", #"y\z"#, "w\"v"]))
        #expect(values["b"] == .strings([]))
        #expect(values["c"] == .strings(["only"]))
    }

    @Test func commentsAndBlankLinesAreIgnored() throws {
        let values = try parse(
            """
            # a whole-line comment

               # indented comment
            a = "x#y" # trailing comment
            b = 5# tight comment
            [t] # table comment
            c = true
            """)
        #expect(values == ["a": .string("x#y"), "b": .integer(5), "t.c": .boolean(true)])
    }

    @Test func crlfLineEndsAreAccepted() throws {
        let values = try parse("a = \"x\"\r\n[t]\r\nb = 'y'\r\nc = 3\r\n")
        #expect(values == ["a": .string("x"), "t.b": .string("y"), "t.c": .integer(3)])
    }

    @Test func sameKeyInDifferentTablesIsNotADuplicate() throws {
        let values = try parse("[a]\nk = 1\n[b]\nk = 2")
        #expect(values == ["a.k": .integer(1), "b.k": .integer(2)])
    }
}
