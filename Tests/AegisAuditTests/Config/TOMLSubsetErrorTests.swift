import Testing

@testable import AegisAudit

/// The error parsing `text` throws (the test fails if it parses).
private func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
    do {
        _ = try TOMLSubset.parse(text, path: "test.toml")
        Issue.record("expected a ConfigError", sourceLocation: sourceLocation)
        return nil
    } catch { return error }
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

/// TOML allows no raw control character but tab inside a string.
struct TOMLControlCharacterTests {
    @Test(arguments: ["k = \"a\u{0}b\"", "k = 'a\u{0}b'", "k = \"a\u{1B}[2Jb\"", "k = \"a\u{7F}\""])
    func aControlCharacterInAStringIsRefused(_ text: String) throws {
        let error = try #require(parseError(text))
        #expect((error.line, error.column) == (1, 7))
        #expect(error.message.hasPrefix("control character U+00"))
    }

    @Test func aNewlineEndsASingleLineStringThere() throws {
        let error = try #require(parseError("k = \"abc\nnext = 1\n"))
        #expect((error.line, error.column) == (1, 9))
        #expect(error.message == "unterminated string")
    }

    @Test func aTabIsAllowed() throws {
        #expect(try TOMLSubset.parse("k = \"a\tb\"", path: "test.toml")["k"] == .string("a\tb"))
    }
}
