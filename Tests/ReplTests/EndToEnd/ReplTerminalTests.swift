import Foundation
import TestSupport
import Testing

/// The REPL as a person uses it: the built `aegis-audit` in a real terminal (tmux), keys typed
/// and the screen read back. Serialized: each test has its own tmux server, but several
/// terminals and slow queries at once would only make the timing checks flaky.
@Suite(.serialized) struct ReplTerminalTests {
    let cache: String
    let state: String

    init() throws {
        cache = try ReplFixture.makeCache()
        state = try makeTemporaryDirectory("repl-state").path
    }

    /// `aegis-audit repl` on the fixture cache, its history under `state`.
    func start(_ arguments: [String] = ["repl"]) throws -> TmuxSession {
        let session = try TmuxSession(
            [CLIRunner.executable] + arguments + (arguments.isEmpty ? [] : ["--cache", cache]),
            environment: ["XDG_STATE_HOME": state, "AEGIS_AUDIT_CACHE": cache, "HOME": state])
        do {
            try session.waitFor("aql>")
        } catch {
            session.stop()
            throw error
        }
        return session
    }

    @Test func typeAQueryAndReadTheTable() throws {
        let terminal = try start()
        defer { terminal.stop() }
        try terminal.enter(
            "from audit_events | where event_type == \"auth_login_failure\" | project created_at, user_id, ip_address")
        let screen = try terminal.waitFor("(2 rows)")
        #expect(screen.contains("created_at            user_id  ip_address"))
        #expect(screen.contains("2026-11-18 02:11:14Z  NULL     198.51.100.250"))
        #expect(screen.hasSuffix("aql>"))
    }

    @Test func tabCompletesATableAndAColumn() throws {
        let terminal = try start()
        defer { terminal.stop() }
        try terminal.type("from audit_ev")
        try terminal.press("Tab")
        try terminal.waitFor("aql> from audit_events")
        // Two tables start so: a second Tab lists them.
        try terminal.press("Tab")
        try terminal.waitFor("audit_events_history")
        try terminal.type(" | where event_t")
        try terminal.press("Tab")
        try terminal.waitFor("where event_type")
        try terminal.enter("== \"auth_login_success\" | project user_id")
        let screen = try terminal.waitFor("(2 rows)")
        #expect(
            screen.contains("aql> from audit_events | where event_type == \"auth_login_success\" | project user_id"))
        #expect(screen.contains("u-oncall"))
    }

    @Test func historyIsRecalledAfterARestartAndKeepsNoSecret() throws {
        let first = try start()
        defer { first.stop() }
        try first.enter("from users | project email")
        try first.waitFor("(2 rows)")
        try first.enter("from users | where email == \"postgresql://auditor:hunter2@db/backend\"")
        try first.waitFor("(0 rows)")
        try first.press("C-d")
        #expect(try first.waitForExit() == 0)
        first.stop()

        let path = state + "/aegis-audit/history"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("project"))
        #expect(!saved.contains("hunter2"))

        let second = try start()
        defer { second.stop() }
        try second.press("Up")
        try second.waitFor("aql> from users | project email")
        try second.press("Enter")
        let screen = try second.waitFor("(2 rows)")
        #expect(screen.contains("oncall@example.com"))
    }

    @Test func theEnvironmentsSecretsNeverReachTheHistory() throws {
        let secrets = [
            "PGPASSWORD": "Pg-Hist-Secret-1", "LOKI_PASSWORD": "Loki-Hist-2", "LOKI_BEARER_TOKEN": "tok-Hist-3",
        ]
        var environment = ["XDG_STATE_HOME": state, "AEGIS_AUDIT_CACHE": cache, "HOME": state]
        environment.merge(secrets) { $1 }
        let terminal = try TmuxSession([CLIRunner.executable, "repl", "--cache", cache], environment: environment)
        defer { terminal.stop() }
        try terminal.waitFor("aql>")
        try terminal.enter("from users | project email")
        try terminal.waitFor("(2 rows)")
        for (index, secret) in secrets.values.sorted().enumerated() {
            try terminal.enter("from loki_entries | where line contains \"\(secret)\" | project line")
            try terminal.waitFor("(0 rows)", count: index + 1)
        }
        try terminal.press("C-d")
        #expect(try terminal.waitForExit() == 0)

        let path = state + "/aegis-audit/history"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("project"), "the history is written (libedit escapes spaces as \\040)")
        #expect(!saved.contains("loki_entries"), "no statement holding a secret")
        for secret in secrets.values { #expect(!saved.contains(secret)) }
    }

    @Test func ctrlCCancelsALongQueryAndTheNextOneRuns() throws {
        let terminal = try start()
        defer { terminal.stop() }
        try terminal.enter(".sql")
        try terminal.waitFor("sql>")
        // About a billion rows: minutes of work unless interrupted.
        try terminal.enter(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c;"
        )
        // Still running: no new prompt after the statement.
        try terminal.waitFor("the statement echoed") { $0.contains("SELECT count(*) FROM c;") }
        usleep(700_000)
        #expect(try terminal.screen().components(separatedBy: "sql>").count == 2)
        let pressed = Date()
        try terminal.press("C-c")
        try terminal.waitFor("interrupted", timeout: 10)
        try terminal.waitFor("sql>", count: 2)
        #expect(Date().timeIntervalSince(pressed) < 10)
        try terminal.enter("SELECT 6 * 7 AS answer;")
        let screen = try terminal.waitFor("(1 row)")
        #expect(screen.contains("    42"))
        // And again: every Ctrl-C reaches the running query.
        try terminal.enter(
            "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c);")
        usleep(700_000)
        try terminal.press("C-c")
        try terminal.waitFor("interrupted", count: 2, timeout: 10)
        try terminal.waitFor("sql>", count: 4)
    }

    @Test func aSyntaxErrorShowsACaretAndTheSessionGoesOn() throws {
        let terminal = try start()
        defer { terminal.stop() }
        try terminal.enter("from audit_events | wher event_type == 1")
        let error = try terminal.waitFor("error[")
        #expect(error.contains("unknown operator 'wher'"))
        #expect(error.contains("                      ^~~~"))
        #expect(error.contains("did you mean 'where'?"))
        // Ctrl-C abandons a half-typed statement, continuation lines included.
        try terminal.enter("from users |")
        try terminal.waitFor("...>")
        try terminal.press("C-c")
        try terminal.waitFor("aql>", count: 3)
        try terminal.enter("from users | project first_name | sort by first_name")
        let screen = try terminal.waitFor("(2 rows)")
        #expect(screen.contains("Alice"))
    }

    @Test func aegisAuditAloneOnATerminalStartsTheRepl() throws {
        let terminal = try start([])
        defer { terminal.stop() }
        try terminal.enter(".quit")
        #expect(try terminal.waitForExit() == 0)
    }
}
