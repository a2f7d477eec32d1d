import Testing

@testable import AegisAudit

@Suite struct RegexpFunctionTests {
    @Test func theREGEXPOperatorMatchesAnywhereInTheText() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT 'POST /auth/login 401' REGEXP 'log(in|out) 40[13]'") == .integer(1))
        #expect(try db.value("SELECT 'POST /auth/logout 200' REGEXP 'log(in|out) 40[13]'") == .integer(0))
        #expect(try db.value("SELECT 'POST /auth/login' REGEXP '^/auth'") == .integer(0))
        #expect(try db.value("SELECT regexp('^POST', 'POST /auth/login')") == .integer(1))
    }

    @Test func matchingIsCaseSensitiveUnlessThePatternSaysOtherwise() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT 'ERROR: denied' REGEXP 'error'") == .integer(0))
        #expect(try db.value("SELECT 'ERROR: denied' REGEXP '(?i)error'") == .integer(1))
    }

    @Test func nullOnEitherSideGivesNull() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT NULL REGEXP 'a'") == .null)
        #expect(try db.value("SELECT 'a' REGEXP NULL") == .null)
        #expect(try db.value("SELECT regexp(NULL, NULL)") == .null)
        // A NULL pattern is not compiled (and not an error).
        #expect(db.counters.patternCompiles == 0)
    }

    @Test func anInvalidPatternIsAnErrorWithPCRE2sOffsetAndMessage() throws {
        let db = try FunctionDatabase()
        #expect(
            db.errorMessage("SELECT 'abc' REGEXP 'a(b'")
                == "invalid regular expression at offset 3: missing closing parenthesis")
        #expect(
            db.errorMessage("SELECT 'abc' REGEXP '*a'")
                == "invalid regular expression at offset 0: quantifier does not follow a repeatable item")
    }

    @Test func anInvalidPatternFailsEvenWhenNoRowWouldMatch() throws {
        let db = try FunctionDatabase()
        try db.fill(3, "'row ' || i")
        #expect(
            db.errorMessage("SELECT count(*) FROM t WHERE v REGEXP '[z-a]'")?.hasPrefix(
                "invalid regular expression at offset 3: range out of order") == true)
    }

    @Test func aPatternWithANulByteIsRefusedRatherThanCutShort() throws {
        let db = try FunctionDatabase()
        // Cut at the NUL, 'a\0zzz' would become 'a' and match "abc".
        let message = db.errorMessage("SELECT regexp(CAST(x'61007a7a7a' AS TEXT), 'abc')")
        #expect(message?.contains("NUL byte") == true)
    }

    @Test func textIsMatchedAsUTF8WithItsExactLength() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT 'café' REGEXP '^caf.$'") == .integer(1))  // é is one character
        #expect(try db.value("SELECT 'Zoë Ødegård' REGEXP '^\\w+ \\w+$'") == .integer(0))  // \w is ASCII
        #expect(try db.value("SELECT 'Zoë Ødegård' REGEXP '(*UCP)^\\w+ \\w+$'") == .integer(1))
        // Bytes after an embedded NUL are part of the text (sqlite3_value_bytes, not strlen).
        #expect(try db.value("SELECT CAST(x'61006272' AS TEXT) REGEXP 'br$'") == .integer(1))
        // Invalid UTF-8 (which no source produces) fails PCRE2's UTF check: no match, no error.
        #expect(try db.value("SELECT CAST(x'ff' AS TEXT) REGEXP '.'") == .integer(0))
        #expect(try db.value("SELECT CAST(x'ff6f6b' AS TEXT) REGEXP 'ok'") == .integer(0))
    }

    @Test func numbersAreMatchedAsTheirText() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT 401 REGEXP '^4\\d\\d$'") == .integer(1))
        #expect(try db.value("SELECT 2.5 REGEXP '^2\\.5$'") == .integer(1))
    }

    @Test func aConstantPatternIsCompiledOnceForAllRows() throws {
        let db = try FunctionDatabase()
        try db.fill(100_000, "'GET /api/items/' || i || CASE WHEN i % 7 = 0 THEN ' 500' ELSE ' 200' END")
        #expect(try db.value("SELECT count(*) FROM t WHERE v REGEXP ' 5\\d\\d$'") == .integer(14_285))
        #expect(db.counters.patternCompiles == 1)
        // A bound pattern is just as constant.
        #expect(try db.value("SELECT count(*) FROM t WHERE v REGEXP ?", .text("/items/\\d*3 ")) == .integer(10_000))
        #expect(db.counters.patternCompiles == 2)
    }

    @Test func aPatternThatChangesFromRowToRowIsNeverServedStale() throws {
        let db = try FunctionDatabase()
        try db.database.execute(
            """
            CREATE TABLE rules (id INTEGER PRIMARY KEY, pattern TEXT, line TEXT);
            INSERT INTO rules (pattern, line) VALUES
              ('^a', 'abc'), ('^b', 'abc'), ('c$', 'abc'), ('^a', 'xyz'), ('x', 'xyz'), ('^a', 'a');
            """)
        let matched = try db.rows("SELECT line REGEXP pattern FROM rules ORDER BY id").map { $0[0] }
        #expect(matched == [1, 0, 1, 0, 1, 1].map { CacheValue.integer($0) })
    }

    @Test func injectionLookingPatternsAreOnlyRegularExpressions() throws {
        let db = try FunctionDatabase()
        try db.fill(3, "'row ' || i")
        let hostile = "'; DROP TABLE t; --"
        #expect(try db.value("SELECT count(*) FROM t WHERE v REGEXP ?", .text(hostile)) == .integer(0))
        #expect(try db.value("SELECT ? REGEXP ?", .text("see '; DROP TABLE t; -- here"), .text(hostile)) == .integer(1))
        #expect(try db.value("SELECT ? REGEXP ?", .text("1=1"), .text("' OR 1=1 --")) == .integer(0))
        // Quoted into the SQL text, it is still one string literal and one pattern.
        #expect(try db.value("SELECT count(*) FROM t WHERE v REGEXP '''; DROP TABLE t; --'") == .integer(0))
        // A parenthesis that would close a SQL call is a regular-expression error, nothing more.
        #expect(
            db.errorMessage("SELECT count(*) FROM t WHERE v REGEXP ?", .text("x'); DROP TABLE t; --"))
                == "invalid regular expression at offset 2: unmatched closing parenthesis")
        #expect(try db.value("SELECT count(*) FROM t") == .integer(3))
    }
}
