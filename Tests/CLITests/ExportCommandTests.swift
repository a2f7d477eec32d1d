import Foundation
import TestSupport
import Testing

/// `aegis-audit export` and `verify-export` on a synced cache, as a user runs them.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct ExportCommandTests {
    private func syncedCache() throws -> String {
        let databases = try GeneratedData.load(dialect: .snake, rows: 300)
        let cache = try makeTemporaryDirectory("export").appendingPathComponent("c.sqlite").path
        let result = try CLIRunner.run(
            [
                "sync", "--cache", cache, "--backend", TestPostgres.superuserURI(database: databases.backend),
                "--executor", TestPostgres.superuserURI(database: databases.executor),
            ])
        try #require(result.status == 0, "\(result.standardError)")
        return cache
    }

    private func manifest(_ path: String) throws -> [String: Any] {
        let data = try #require(fileBytes(path + ".manifest.json"), "no manifest beside \(path)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func aTableExportVerifiesAndATamperedOneDoesNot() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("export-table")
        let output = folder.appendingPathComponent("events.csv").path
        let result = try CLIRunner.run(
            ["export", "--cache", cache, "--table", "audit_events", "--format", "csv", "--output", output])
        #expect(result.status == 0, "\(result.standardError)")
        let count = try CLIRunner.run([
            "query", "--cache", cache, "--format", "csv", "--sql", "SELECT count(*) FROM audit_events",
        ])
        let rows = try #require(Int(count.standardOutput.split(separator: "\r\n").last ?? ""))
        let written = try manifest(output)
        #expect(written["rows"] as? Int == rows)
        #expect((written["subject"] as? [String: Any])?["kind"] as? String == "table")
        #expect((written["sources"] as? [[String: Any]])?.map { $0["source"] as? String } == ["backend", "executor"])
        #expect((written["sync_runs"] as? [Int]) == [1])

        let verified = try CLIRunner.run(["verify-export", output])
        #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
        #expect(verified.standardOutput.hasPrefix("\(output): OK\n"))
        #expect(verified.standardOutput.contains("rows  passed   \(rows) rows"))

        var bytes = try #require(fileBytes(output))
        let index = try #require(bytes.lastIndex(of: UInt8(ascii: "a")))
        bytes[index] = UInt8(ascii: "b")
        try bytes.write(to: URL(fileURLWithPath: output))
        let tampered = try CLIRunner.run(["verify-export", output])
        #expect(tampered.status == 1)
        #expect(tampered.standardOutput.hasPrefix("\(output): DIFFERS\n"))
        #expect(tampered.standardOutput.contains("file  failed"))

        try FileManager.default.removeItem(atPath: output + ".manifest.json")
        let missing = try CLIRunner.run(["verify-export", output])
        #expect(missing.status == 6)
        #expect(missing.standardError.contains("manifest.json: not found"))
    }

    @Test func anAuditorCanRecomputeTheEvidenceHashWithoutTheTool() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("export-auditor")
        let output = folder.appendingPathComponent("events.csv").path
        let result = try CLIRunner.run(
            ["export", "--cache", cache, "--table", "audit_events", "--format", "csv", "--output", output])
        #expect(result.status == 0, "\(result.standardError)")
        let script = GeneratedData.packageRoot.appendingPathComponent("scripts/evidence-sha256").path
        let recomputed = try ProcessRunner.run("/usr/bin/env", ["python3", script, output])
        #expect(recomputed.status == 0, "\(recomputed.standardOutput)\(recomputed.standardError)")
        let hashes = recomputed.standardOutput.split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(hashes.count == 2 && hashes[0] == hashes[1])
        #expect(hashes.first == (try manifest(output)["evidence_sha256"] as? String))
    }

    @Test func aQueryExportInAnotherZoneKeepsTheEvidenceHash() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("export-zone")
        let query = "from audit_events | sort by created_at, id | project created_at, event_type, ip_address"
        var hashes: [String] = []
        for (name, zone) in [("utc.jsonl", "UTC"), ("kolkata.jsonl", "+05:30"), ("paris.csv", "Europe/Paris")] {
            let output = folder.appendingPathComponent(name).path
            let format = name.hasSuffix("csv") ? "csv" : "jsonl"
            let result = try CLIRunner.run(
                ["export", "--cache", cache, "--query", query, "--format", format, "--tz", zone, "--output", output])
            #expect(result.status == 0, "\(result.standardError)")
            hashes.append(try #require(try manifest(output)["evidence_sha256"] as? String))
            #expect(try CLIRunner.run(["verify-export", output]).status == 0)
        }
        #expect(Set(hashes).count == 1, "the evidence hash does not depend on format or zone")
        let kolkata = try String(contentsOfFile: folder.appendingPathComponent("kolkata.jsonl").path, encoding: .utf8)
        #expect(kolkata.contains("+05:30\""))
        #expect(!kolkata.contains("Z\""))
    }

    @Test func findingsOfAHuntRunAreExported() throws {
        let cache = try syncedCache()
        let hunt = try CLIRunner.run(
            ["hunt", "--cache", cache, "login-new-ip", "executor-new-namespace", "executor-rejected-by-requester"],
            currentDirectory: GeneratedData.packageRoot.path)
        #expect([0, 1].contains(hunt.status), "\(hunt.standardError)")
        let folder = try makeTemporaryDirectory("export-findings")
        let output = folder.appendingPathComponent("findings.json").path
        let result = try CLIRunner.run(
            ["export", "--cache", cache, "--findings", "--format", "json", "--output", output])
        #expect(result.status == 0, "\(result.standardError)")
        let data = try #require(fileBytes(output))
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let stored = try CLIRunner.run([
            "query", "--cache", cache, "--format", "csv", "--sql", "SELECT count(*) FROM hunt_findings",
        ])
        #expect(rows.count == Int(stored.standardOutput.split(separator: "\r\n").last ?? ""))
        for row in rows { #expect(row["evidence"] is [Any] && row["row"] is [String: Any]) }
        let subject = try #require(try manifest(output)["subject"] as? [String: Any])
        #expect(subject["kind"] as? String == "findings")
        #expect(try CLIRunner.run(["verify-export", output]).status == 0)

        let unknown = try CLIRunner.run(
            ["export", "--cache", cache, "--hunt", "no-such-hunt", "--format", "csv", "--output", output])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("--hunt no-such-hunt"))
    }

    @Test func badOptionsAreOneLineUsageErrors() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("export-usage")
        let output = folder.appendingPathComponent("x.csv").path
        for arguments in [
            ["--table", "audit_events", "--format", "csv", "--tz", "Mars/Olympus_Mons"],
            ["--table", "audit_events", "--format", "xlsx"],
            ["--table", "no_such_table", "--format", "csv"],
            ["--table", "audit_events", "--query", "from users", "--format", "csv"],
            ["--query", "from users", "--since", "1d", "--format", "csv"],
        ] {
            let result = try CLIRunner.run(["export", "--cache", cache, "--output", output] + arguments)
            #expect(
                result.status == 2,
                "\(arguments): \(result.status)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aFailureMidStreamLeavesNothingUnderTheFinalName() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("export-fail")
        let output = folder.appendingPathComponent("timeline.jsonl").path
        // Rows with a completion time come first; the first still pending one has none.
        let result = try CLIRunner.run(
            [
                "export", "--cache", cache, "--format", "timesketch-jsonl", "--time-column", "completed_at",
                "--output", output, "--query",
                "from action_audit_logs | sort by completed_at desc | project completed_at, id, status",
            ])
        #expect(result.status == 6, "\(result.standardError)")
        #expect(result.standardError.contains("has no timestamp in column 'completed_at'"))
        #expect(!result.standardError.contains("row 1 "), "some rows were written before the failure")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func noSecretReachesTheManifest() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("export-secret")
        let output = folder.appendingPathComponent("out.csv").path
        let query =
            "from audit_events | where user_agent == \"postgresql://auditor:uri-secret-77@db/x\" or user_agent == \"env-secret-99\""
        let result = try CLIRunner.run(
            ["export", "--cache", cache, "--query", query, "--format", "csv", "--output", output],
            environment: ["PGPASSWORD": "env-secret-99"])
        #expect(result.status == 0, "\(result.standardError)")
        let text = try String(contentsOfFile: output + ".manifest.json", encoding: .utf8)
        #expect(!text.contains("uri-secret-77"))
        #expect(!text.contains("env-secret-99"))
        #expect(text.contains("auditor:****@db"))
    }

    @Test func standardOutputGetsTheDataAndNoManifest() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("export-stdout")
        let result = try CLIRunner.run(
            [
                "export", "--cache", cache, "--query", "from audit_events | where event_type == \"no-such-event\"",
                "--format", "json", "--output", "-",
            ], currentDirectory: folder.path)
        #expect(result.status == 0)
        #expect(result.standardOutput == "[]\n")
        #expect(result.standardError.contains("no manifest"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func queryOutputGetsAManifestAndTheZone() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("query-manifest")
        let output = folder.appendingPathComponent("q.md").path
        let result = try CLIRunner.run(
            [
                "query", "--cache", cache, "--format", "markdown", "--tz=-08:00", "--output", output,
                "from audit_events | sort by created_at | head 5 | project created_at, event_type",
            ])
        #expect(result.status == 0, "\(result.standardError)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 7)
        #expect(text.contains("-08:00 |"))
        let verified = try CLIRunner.run(["verify-export", output])
        #expect(verified.status == 0)
        #expect(verified.standardOutput.contains("rows  skipped"))
    }
}
