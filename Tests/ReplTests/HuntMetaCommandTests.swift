import AegisAudit
import Foundation
import TestSupport
import Testing

@testable import Repl

/// `.hunts` and `.run`: parsed, then run in a script on the fixture cache (where the attacker's
/// login from 198.51.100.250 is new for u-oncall), with findings shown and never stored.
@Suite struct HuntMetaCommandTests {
    let queries = GeneratedData.packageRoot.appendingPathComponent("queries").path

    @Test func parses() throws {
        #expect(try MetaCommand.parse(".hunts") == .hunts)
        #expect(try MetaCommand.parse(".run login-new-ip") == .runHunt(id: "login-new-ip", parameters: []))
        #expect(
            try MetaCommand.parse(".run login-new-ip lookback=7d warmup=0s")
                == .runHunt(id: "login-new-ip", parameters: ["lookback=7d", "warmup=0s"]))
        #expect(throws: ReplError.self) { try MetaCommand.parse(".hunts all") }
        #expect(throws: ReplError.self) { try MetaCommand.parse(".run") }
        #expect(throws: ReplError.self) { try MetaCommand.parse(".run login-new-ip lookback") }
        #expect(throws: ReplError.self) { try MetaCommand.parse(".run login-new-ip =7d") }
        #expect(MetaCommand.names.contains(".hunts") && MetaCommand.names.contains(".run"))
        #expect(MetaCommand.helpText.contains(".run HUNT") && MetaCommand.helpText.contains("not stored"))
    }

    /// Runs `script` with `aegis-audit repl < script`.
    private func repl(_ script: String, cache: String) throws -> ProcessRunner.Result {
        let folder = try makeTemporaryDirectory("repl-hunts")
        let input = folder.appendingPathComponent("script.aql")
        try Data(script.utf8).write(to: input)
        return try ProcessRunner.run(
            "/bin/sh",
            ["-c", "\"$0\" repl --cache \"$1\" < \"$2\"", CLIRunner.executable, cache, input.path],
            environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path, "AEGIS_AUDIT_QUERIES": queries])
    }

    @Test func huntsListsTheLibrary() throws {
        let result = try repl(".format csv\n.hunts\n", cache: try ReplFixture.makeCache())
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.components(separatedBy: .newlines).filter { !$0.isEmpty }
        #expect(lines.first == "hunt,severity,techniques,parameters,title")
        let files = try FileManager.default.contentsOfDirectory(atPath: queries).filter { $0.hasSuffix(".toml") }
        #expect(lines.count == files.count + 1)
        #expect(lines.contains { $0.hasPrefix("login-new-ip,high,") && $0.contains("lookback (duration)") })
    }

    @Test func runShowsFindingsWithoutStoringThem() throws {
        let cache = try ReplFixture.makeCache()
        let script = """
            .format csv
            .run login-new-ip
            .run login-new-ip until=2026-11-18T02:00Z
            .run leak-new-ip
            .run leak-new-ip leak_time=2026-11-18T00:00Z principal=oncall@example.com

            """
        let result = try repl(script, cache: cache)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.components(separatedBy: .newlines).filter { !$0.isEmpty }
        #expect(lines.filter { $0 == "severity,time,summary,evidence" }.count == 3)
        #expect(
            lines.contains {
                $0.hasPrefix("high,2026-11-18T02:14:05.000000Z,") && $0.contains("198.51.100.250")
                    && $0.hasSuffix(",audit_events: e4")
            })
        #expect(lines.contains("1 finding of login-new-ip, not stored (aegis-audit hunt login-new-ip records them)"))
        #expect(lines.contains("0 findings of login-new-ip, not stored (aegis-audit hunt login-new-ip records them)"))
        #expect(lines.contains("leak-new-ip skipped: needs leak_time: give leak_time=..."))
        #expect(lines.contains { $0.hasPrefix("high,2026-11-18T02:14:05.000000Z,\"198.51.100.250 first used") })
        let stored = try Cache.openForReading(path: cache)
        #expect(try stored.database.integer("SELECT count(*) FROM hunt_findings") == 0)
    }

    @Test func mistakesAreReportedAndTheScriptGoesOn() throws {
        let script = """
            .run no-such-hunt
            .run login-new-ip lookback=soon
            .run login-new-ip colour=red
            .run login-new-ip since=whenever
            .format csv
            .run login-new-ip

            """
        let result = try repl(script, cache: try ReplFixture.makeCache())
        #expect(result.status == 5)
        let errors = result.standardError.split(separator: "\n")
        #expect(errors.count == 4, "\(result.standardError)")
        #expect(errors[0].contains("no hunt 'no-such-hunt'"))
        #expect(errors[1].contains("parameter lookback: 'soon' is not a duration"))
        #expect(errors[2].contains("colour"))
        #expect(errors[3].contains("since: 'whenever'"))
        #expect(result.standardOutput.contains("1 finding of login-new-ip"))
    }

    @Test func runInARealTerminalCompletesTheIdAndShowsATable() throws {
        let state = try makeTemporaryDirectory("repl-hunts-state").path
        let terminal = try TmuxSession(
            [CLIRunner.executable, "repl", "--cache", try ReplFixture.makeCache(), "--queries", queries],
            environment: ["XDG_STATE_HOME": state, "HOME": state])
        defer { terminal.stop() }
        try terminal.waitFor("aql>")
        try terminal.type(".run login-n")
        try terminal.press("Tab")
        try terminal.waitFor("aql> .run login-new-ip")
        try terminal.enter("")
        let screen = try terminal.waitFor("not stored")
        #expect(screen.contains("severity"))
        #expect(screen.contains("high"))
        #expect(screen.contains("audit_events: e4"))
        #expect(screen.contains("(1 row)"))
        #expect(screen.hasSuffix("aql>"))
    }
}
