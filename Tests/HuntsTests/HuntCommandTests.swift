import AegisAudit
import Foundation
import TestSupport
import Testing

/// `aegis-audit hunt` as a script sees it: the report, the exit code (0, 1 or 2) and what is
/// recorded in the cache.
@Suite struct HuntCommandTests {
    let queries = GeneratedData.packageRoot.appendingPathComponent("queries").path

    private func replayCache() throws -> String {
        var rows = HuntRows()
        rows.action("p1", namespace: "production", requester: "ai-engine", signature: "sig-x", day: 1)
        rows.action(
            "p2", namespace: "production", requester: "ai-engine", ip: "198.51.100.250", signature: "sig-x", day: 2)
        return try HuntFixture.cache(rows)
    }

    @Test func findingsExitOneAndAreRecorded() throws {
        let cache = try replayCache()
        let result = try CLIRunner.run(["hunt", "--all", "--cache", cache, "--queries", queries])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("CRITICAL (1)"))
        #expect(result.standardOutput.contains("[signature-replay]"))
        #expect(result.standardOutput.contains("evidence action_audit_logs: p1, p2"))
        #expect(result.standardOutput.contains("skipped: needs allowlist"))
        let stored = try Cache.openForReading(path: cache)
        #expect(
            try stored.database.integer("SELECT count(*) FROM hunt_findings WHERE hunt_id = 'signature-replay'") == 1)
        #expect(
            try stored.database.integer("SELECT count(*) FROM hunt_results") == Int64(HuntFixture.library.hunts.count))
    }

    @Test func failOnAndWindowDecideTheExitCode() throws {
        let cache = try replayCache()
        let quiet = try CLIRunner.run([
            "hunt", "signature-replay", "--cache", cache, "--queries", queries, "--since", "2026-11-05", "--no-store",
        ])
        #expect(quiet.status == 0, "\(quiet.standardError)")
        #expect(quiet.standardOutput.contains("no findings"))
        let below = try CLIRunner.run([
            "hunt", "executor-new-namespace-for-requester", "--cache", cache, "--queries", queries, "--fail-on", "high",
            "--param", "warmup=0s", "--no-store",
        ])
        #expect(below.status == 0, "\(below.standardError)")
        #expect(below.standardOutput.contains("LOW (1)"))
        let stored = try Cache.openForReading(path: cache)
        #expect(try stored.database.integer("SELECT count(*) FROM hunt_runs") == 0)
    }

    @Test func jsonLinesOnePerFinding() throws {
        let result = try CLIRunner.run([
            "hunt", "signature-replay", "--cache", try replayCache(), "--queries", queries, "--format", "jsonl",
        ])
        #expect(result.status == 1)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix(#"{"hunt":"signature-replay","severity":"critical","time":"#))
        #expect(
            lines[0].contains(
                #""evidence":[{"table":"action_audit_logs","id":"p1"},{"table":"action_audit_logs","id":"p2"}]"#))
        #expect(lines[0].contains(#""ids":["p1","p2"]"#))
    }

    @Test(arguments: [
        ["hunt", "no-such-hunt"],
        ["hunt", "signature-replay", "--param", "nothing=1"],
        ["hunt", "signature-replay", "--since", "yesterday"],
        ["hunt", "signature-replay", "--fail-on", "severe"],
        ["hunt"],
    ])
    func errorsExitTwo(arguments: [String]) throws {
        let result = try CLIRunner.run(arguments + ["--cache", try replayCache(), "--queries", queries])
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("aegis-audit: error: "))
    }

    @Test func missingCacheExitsTwoAndCreatesNothing() throws {
        let path = try makeTemporaryDirectory("hunt-missing").appendingPathComponent("none.sqlite").path
        let result = try CLIRunner.run(["hunt", "--all", "--cache", path, "--queries", queries])
        #expect(result.status == 2)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
