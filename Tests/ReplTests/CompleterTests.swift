import Foundation
import TestSupport
import Testing

@testable import Repl

@Suite struct CompleterTests {
    let completer = Completer(
        vocabulary: CompletionVocabulary(
            tables: [
                "audit_events": ["id", "event_type", "user_id", "ip_address", "created_at"],
                "action_audit_logs": ["id", "action_type", "namespace", "created_at"],
                "users": ["id", "email", "first_name"],
            ],
            operators: ["dedup", "head", "project", "sort", "stats", "where"],
            functions: ["count", "dcount", "lower"], keywords: ["by", "desc"], huntIDs: ["new-ip-logins"]))

    /// Completes with the cursor at `‸` in the last line of `text` (earlier lines are the
    /// statement so far).
    func complete(_ text: String, language: ReplLanguage = .queryLang) -> Completion {
        var lines = text.components(separatedBy: "\n")
        let parts = lines.removeLast().components(separatedBy: "‸")
        return completer.complete(
            statement: lines.joined(separator: "\n"), line: parts.joined(), cursor: parts[0].utf8.count,
            language: language)
    }

    @Test func tableNamesAfterFrom() {
        #expect(complete("from a‸").candidates == ["action_audit_logs", "audit_events"])
        #expect(complete("from a‸").commonPrefix == "a")
        #expect(complete("from us‸").candidates == ["users"])
        #expect(complete("from ‸").candidates.count == 3)
    }

    @Test func operatorsAfterAPipe() {
        #expect(complete("from users | ‸").candidates == ["dedup", "head", "project", "sort", "stats", "where"])
        #expect(complete("from users | s‸").candidates == ["sort", "stats"])
    }

    @Test func columnsOfTheTablesInPlay() {
        #expect(complete("from audit_events | where ev‸").candidates == ["event_type"])
        #expect(complete("from users | where ‸").candidates == ["email", "first_name", "id"])
        // The cursor in the middle of the line: only the text before it counts.
        #expect(complete("from users | project em‸ | head 1").candidates == ["email"])
        // Earlier lines of a multi-line statement bring their tables in.
        #expect(complete("from audit_events |\nwhere ip‸").candidates == ["ip_address"])
    }

    @Test func functionsAndKeywordsOnceAWordIsStarted() {
        #expect(complete("from users | stats c‸").candidates == ["count("])
        #expect(complete("from users | stats count() b‸").candidates == ["by"])
        #expect(complete("from users | extend risk = 1 | where ri‸").candidates == ["risk"])
    }

    @Test func nothingInsideAString() {
        #expect(complete(#"from users | where email == "al‸"#).candidates.isEmpty)
    }

    @Test func metaCommandsAndTheirArguments() {
        #expect(complete(".ta‸").candidates == [".tables"])
        #expect(complete(".s‸").candidates == [".schema", ".sql", ".status"])
        #expect(complete(".format j‸").candidates == ["json", "jsonl"])
        #expect(complete(".schema us‸").candidates == ["users"])
        #expect(complete(".timing o‸").candidates == ["off", "on"])
        #expect(complete(".run new‸").candidates == ["new-ip-logins"])
    }

    @Test func filePathsAfterOutput() throws {
        let folder = try makeTemporaryDirectory("repl-complete")
        try Data().write(to: folder.appendingPathComponent("evidence.csv"))
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("exports"), withIntermediateDirectories: false)
        let completion = complete(".output \(folder.path)/e‸")
        #expect(completion.candidates == ["\(folder.path)/evidence.csv", "\(folder.path)/exports/"])
        #expect(complete(".once \(folder.path)/ex‸").terminator == "")
        #expect(complete(".once \(folder.path)/ev‸").terminator == " ")
    }

    @Test func sqlTablesAfterFromAndJoin() {
        #expect(complete("SELECT * FROM u‸", language: .sql).candidates == ["users"])
        #expect(complete("SELECT em‸ FROM users", language: .sql).candidates == ["email"])
        #expect(complete("SELECT * FROM users JOIN au‸", language: .sql).candidates == ["audit_events"])
    }
}
