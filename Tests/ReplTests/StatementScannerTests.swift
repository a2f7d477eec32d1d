import Testing

@testable import Repl

@Suite struct StatementScannerTests {
    @Test(arguments: [
        ("from audit_events", true),
        ("from audit_events |", false),
        ("from audit_events |  # comment after the pipe", false),
        ("from audit_events | where x in (1,", false),
        ("from audit_events | where x in (1, 2)", true),
        (#"from users | where email == "open"#, false),
        (#"from users | where email == "a\"b""#, true),
        ("from a | join (from b", false),
        ("from users | where email =~ /(/", true),
        ("# only a comment", true),
        ("", true),
    ])
    func queryLang(text: String, complete: Bool) {
        #expect(StatementScanner.isComplete(text, language: .queryLang) == complete)
    }

    @Test(arguments: [
        ("SELECT 1;", true),
        ("SELECT 1", false),
        ("SELECT ';'", false),
        ("SELECT 'it''s';", true),
        ("SELECT (1;", false),
        ("SELECT 1 /* ; */", false),
        ("SELECT 1; -- done", true),
        ("SELECT \"a;b\"", false),
    ])
    func sql(text: String, complete: Bool) {
        #expect(StatementScanner.isComplete(text, language: .sql) == complete)
    }

    @Test func historyLineJoinsLinesAndDropsComments() {
        let text = "from audit_events |  # logins\n  where event_type == \"a  b\" |\n  head 5"
        #expect(
            StatementScanner.historyLine(text, language: .queryLang)
                == #"from audit_events | where event_type == "a  b" | head 5"#)
    }

    @Test func queryLangDropsAFinalSemicolon() {
        #expect(StatementScanner.runnable("from users;", language: .queryLang).trimmingSpaces() == "from users")
        #expect(StatementScanner.runnable("SELECT 1;", language: .sql) == "SELECT 1;")
    }
}

@Suite struct StatementBufferTests {
    @Test func pipelineContinuesAfterAPipe() {
        var buffer = StatementBuffer(language: .queryLang)
        #expect(buffer.add("from audit_events |") == nil)
        #expect(!buffer.isEmpty)
        #expect(buffer.add("head 2") == .statement("from audit_events |\nhead 2"))
        #expect(buffer.isEmpty)
    }

    @Test func metaCommandsAreSingleLinesOnlyBetweenStatements() {
        var buffer = StatementBuffer(language: .queryLang)
        #expect(buffer.add("  .tables ") == .meta(".tables"))
        #expect(buffer.add("from users | where first_name in (") == nil)
        #expect(buffer.add(".5)") == .statement("from users | where first_name in (\n.5)"))
    }

    @Test func blankLinesOutsideAStatementAreSkipped() {
        var buffer = StatementBuffer(language: .queryLang)
        #expect(buffer.add("   ") == nil)
        #expect(buffer.add("// note") == nil)
        #expect(buffer.isEmpty)
    }

    @Test func aScriptMayStartEachStageOnItsOwnLine() {
        var buffer = StatementBuffer(language: .queryLang)
        #expect(buffer.add("from users", lookahead: { "  | head 1" }) == nil)
        #expect(buffer.add("  | head 1", lookahead: { nil }) == .statement("from users\n  | head 1"))
    }

    @Test func sqlEndsAtASemicolonAndCancelForgets() {
        var buffer = StatementBuffer(language: .sql)
        #expect(buffer.add("SELECT count(*)") == nil)
        buffer.discard()
        #expect(buffer.isEmpty)
        #expect(buffer.add("SELECT 1") == nil)
        #expect(buffer.add("FROM users;") == .statement("SELECT 1\nFROM users;"))
        #expect(buffer.add("SELECT 2") == nil)
        #expect(buffer.finish() == .statement("SELECT 2"))
    }
}
