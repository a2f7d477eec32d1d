import Testing

@testable import AegisAudit

private func parse(_ text: String) throws(ConfigError) -> [String: TOMLValue] {
    try TOMLSubset.parse(text, path: "test.toml")
}

/// The error parsing `text` throws (the test fails if it parses).
private func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
    #expect(throws: ConfigError.self, sourceLocation: sourceLocation) { try parse(text) }
    do {
        _ = try parse(text)
        return nil
    } catch { return error }
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
        #expect(values == [
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

@Suite struct TOMLSubsetErrorTests {
    @Test func missingEquals() throws {
        let error = try #require(parseError("a = 1\nkey \"value\""))
        #expect((error.line, error.column) == (2, 5))
        #expect(error.path == "test.toml")
        #expect(error.description.hasPrefix("config test.toml:2:5: "))
    }

    @Test func unterminatedBasicString() throws {
        let error = try #require(parseError("\n\nname = \"abc"))
        #expect(error.line == 3)
        #expect(error.column == 12)  // just past the text, where the closing quote is missing
        #expect(error.message.contains("unterminated"))
    }

    @Test func unterminatedLiteralString() throws {
        let error = try #require(parseError("k = 'abc"))
        #expect((error.line, error.column) == (1, 9))
        #expect(error.message.contains("unterminated"))
    }

    @Test func stringEndingInABackslashIsUnterminated() throws {
        let error = try #require(parseError(#"k = "abc\"#))
        #expect(error.message.contains("unterminated"))
    }

    @Test func badEscapePointsAtTheBackslash() throws {
        let error = try #require(parseError(#"key = "ab\qcd""#))
        #expect((error.line, error.column) == (1, 10))
        #expect(error.message.contains(#"\q"#))
    }

    @Test func badUnicodeEscapePointsAtTheBackslash() throws {
        let error = try #require(parseError("x = 1\n" + #"k = "\u12G4""#))
        #expect((error.line, error.column) == (2, 6))
    }

    @Test func duplicateKeyPointsAtTheSecondKey() throws {
        let error = try #require(parseError("[s]\na = 1\n  a = 2 # again"))
        #expect((error.line, error.column) == (3, 3))
        #expect(error.message.contains("s.a"))
    }

    @Test func duplicateKeyThroughDottedAndTableForms() throws {
        let error = try #require(parseError("s.a = 1\n[s]\na = 2"))
        #expect((error.line, error.column) == (3, 1))
    }

    @Test func trailingGarbageAfterAValue() throws {
        let error = try #require(parseError(#"k = "v" extra"#))
        #expect((error.line, error.column) == (1, 9))
    }

    @Test func trailingGarbageAfterATableHeader() throws {
        let error = try #require(parseError("[t] x"))
        #expect((error.line, error.column) == (1, 5))
    }

    @Test func unquotedWordIsNotAValue() throws {
        let error = try #require(parseError("k =  yes"))
        #expect((error.line, error.column) == (1, 6))
        #expect(error.message.contains("'yes'"))
    }

    @Test func missingValue() throws {
        let error = try #require(parseError("k ="))
        #expect((error.line, error.column) == (1, 4))
    }

    @Test func arrayOfNonStrings() throws {
        let error = try #require(parseError("k = [\"a\", 1]"))
        #expect((error.line, error.column) == (1, 11))
    }

    @Test func multiLineArrayIsRefused() throws {
        let error = try #require(parseError("k = [\n\"a\"]"))
        #expect(error.line == 1)
    }

    @Test func arrayWithoutSeparator() throws {
        let error = try #require(parseError(#"k = ["a" "b"]"#))
        #expect((error.line, error.column) == (1, 10))
    }

    @Test(arguments: ["= 1", "[]", ".a = 1", "a. = 1", "a..b = 1", "[[t]]"])
    func malformedKeys(_ text: String) throws {
        let error = try #require(parseError(text))
        #expect(error.line == 1)
    }

    @Test func errorOnACRLFLineHasTheRightLineAndColumn() throws {
        let error = try #require(parseError("a = 1\r\nb = 2 3\r\n"))
        #expect((error.line, error.column) == (2, 7))
    }

    @Test func columnCountsCharactersNotBytes() throws {
        let error = try #require(parseError(#"k = "żółw" x"#))
        #expect((error.line, error.column) == (1, 12))
    }
}
