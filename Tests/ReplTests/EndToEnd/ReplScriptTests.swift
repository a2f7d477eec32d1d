import Foundation
import TestSupport
import Testing

/// `aegis-audit repl < script`: no terminal, so no prompt, no colour, errors on stderr, and
/// a non-zero exit when a statement failed.
@Suite struct ReplScriptTests {
    /// Runs the REPL with `script` as its standard input.
    func run(_ script: String, cache: String) throws -> (status: Int32, output: String, errors: String) {
        let folder = try makeTemporaryDirectory("repl-script")
        let input = folder.appendingPathComponent("investigation.aql")
        try Data(script.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.executable)
        process.arguments = ["repl", "--cache", cache]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "TERM": "xterm-256color"]
        process.currentDirectoryURL = folder
        let output = folder.appendingPathComponent("out"), errors = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        return (
            process.terminationStatus, try String(contentsOf: output, encoding: .utf8),
            try String(contentsOf: errors, encoding: .utf8)
        )
    }

    @Test func runsStatementsWithoutPromptsAndFailsWhenOneFails() throws {
        let cache = try ReplFixture.makeCache()
        let result = try run(
            """
            # logins that failed, by address
            from audit_events
              | where event_type == "auth_login_failure"
              | stats count() by ip_address

            from users | wher email == 1
            .format csv
            .sql
            SELECT email
              FROM users ORDER BY email;
            """, cache: cache)
        #expect(result.status == 5)
        #expect(result.output.contains("198.51.100.250      2"))
        #expect(result.output.contains("email\r\nalice@example.com\r\noncall@example.com\r\n"))
        #expect(!result.output.contains("aql>"))
        #expect(!result.output.contains("\u{1B}"))
        #expect(result.errors.contains("query:1:14: error["))
        #expect(result.errors.contains("              ^~~~\n"))
        #expect(!result.errors.contains("\u{1B}"))
    }

    @Test func aScriptThatWorksExitsZeroAndOutputGoesToFiles() throws {
        let cache = try ReplFixture.makeCache()
        let folder = try makeTemporaryDirectory("repl-output")
        let result = try run(
            """
            .format jsonl
            .output \(folder.path)/evidence.jsonl
            from users | project email | sort by email
            from audit_events | where user_id == "u-alice" | project id
            .output
            .once \(folder.path)/once.jsonl
            from users | project id | head 1
            from users | project first_name | head 1
            """, cache: cache)
        #expect(result.status == 0, "\(result.errors)")
        let evidence = try String(contentsOfFile: folder.path + "/evidence.jsonl", encoding: .utf8)
        #expect(
            evidence == """
                {"email":"alice@example.com"}
                {"email":"oncall@example.com"}
                {"id":"e1"}

                """)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.path + "/evidence.jsonl")[.posixPermissions]
        #expect((mode as? Int) == 0o600)
        #expect(try String(contentsOfFile: folder.path + "/once.jsonl", encoding: .utf8) == "{\"id\":\"u-alice\"}\n")
        #expect(result.output.contains("{\"first_name\":\"Alice\"}"))
    }
}
