import AegisAudit
import Foundation
import TestSupport
import Testing

/// The demo's incident (demo/README.md) synced in two steps, with the hunts run: what
/// `aegis-audit timeline` and `report` make of it.
enum IncidentCache {
    /// Built once: demo data, sync, incident, sync, hunts.
    static let path: Result<String, Error> = Result {
        let folder = try makeTemporaryDirectory("timeline-demo")
        let data = folder.appendingPathComponent("data")
        try TestPostgres.run(
            "/usr/bin/env",
            [
                "python3", GeneratedData.packageRoot.appendingPathComponent("demo/generate_demo_data.py").path, "--out",
                data.path,
            ])
        let backend = try TestPostgres.createDatabase("tl_backend")
        let executor = try TestPostgres.createDatabase("tl_executor")
        try TestPostgres.psql(file: data.appendingPathComponent("backend_schema_and_data.sql").path, database: backend)
        try TestPostgres.psql(
            file: data.appendingPathComponent("executor_schema_and_data.sql").path, database: executor)
        var harness = try SyncHarness(label: "timeline-cache")
        harness.overlapSeconds = 600
        try harness.sync(backend: backend, executor: executor)
        try TestPostgres.psql(file: data.appendingPathComponent("incident_backend.sql").path, database: backend)
        try TestPostgres.psql(file: data.appendingPathComponent("incident_executor.sql").path, database: executor)
        try harness.sync(backend: backend, executor: executor)
        let hunts = try CLIRunner.run([
            "hunt", "login-failures-then-success", "login-new-ip", "decision-flip-after-policy-change",
            "executor-outside-allowlist", "signature-replay", "--cache", harness.cachePath, "--config",
            GeneratedData.packageRoot.appendingPathComponent("demo/aegis-audit.toml").path, "--queries",
            GeneratedData.packageRoot.appendingPathComponent("queries").path, "--since", "2026-11-18",
        ])
        guard hunts.status == 1 else { throw HuntsFailed(output: hunts.standardError) }
        return harness.cachePath
    }

    struct HuntsFailed: Error { let output: String }

    /// A copy of the cache (and its write-ahead log), for tests that change it.
    static func copy() throws -> String {
        let target = try makeTemporaryDirectory("timeline-copy").appendingPathComponent("c.sqlite").path
        let source = try path.get()
        try FileManager.default.copyItem(atPath: source, toPath: target)
        if FileManager.default.fileExists(atPath: source + "-wal") {
            try FileManager.default.copyItem(atPath: source + "-wal", toPath: target + "-wal")
        }
        return target
    }
}

@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct TimelineCommandTests {
    static let attacker = "198.51.100.250"
    static let admin = "431d038b-e8c5-4b8a-a651-a1acae18d7d0"

    /// `timeline ARGS --format jsonl` as parsed rows.
    private func rows(_ arguments: [String], cache: String? = nil) throws -> [[String: Any]] {
        let result = try CLIRunner.run(
            ["timeline", "--cache", try cache ?? IncidentCache.path.get(), "--format", "jsonl"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        return try result.standardOutput.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test func theAttackersAddressAcrossEverySourceInOrder() throws {
        let rows = try rows(["--ip", Self.attacker])
        let times = rows.map { $0["time"] as! String }
        #expect(times == times.sorted())
        #expect(times.allSatisfy { $0.count == "2026-11-18T02:11:14.000000000Z".count && $0.hasSuffix("Z") })
        #expect(
            Set(rows.map { $0["source"] as! String }) == [
                "audit_events", "policy_audit_logs", "action_audit_logs", "hunts",
            ])
        #expect(rows.allSatisfy { $0["ip"] as? String == Self.attacker })
        let columns = Set(rows[0].keys)
        #expect(columns == Set(TimelineQuery.fullColumns))
        // demo/README.md: three failed logins for admin, then oncall's successful one.
        let logins = rows.filter { $0["source"] as? String == "audit_events" }
        #expect(
            logins.map { $0["row_id"] as! String }.prefix(4) == [
                "b757ee64-6f53-4d7c-b939-a915111833e4", "fffc0b7f-406c-4c5e-bcd1-82f5723d4121",
                "f0bb16b1-aa08-4ea6-a912-5b83c6acde13", "7254297e-162e-4eef-856a-e3a5552f919d",
            ])
        #expect(logins[0]["actor"] as? String == Self.admin)
        #expect(logins[0]["actor_email"] as? String == "admin@example.com")
        #expect(logins[0]["result"] as? String == "invalid_password")
        #expect(logins[3]["actor_email"] as? String == "oncall@example.com")
        let replay = try #require(rows.first { $0["row_id"] as? String == "43d936bb-f267-4fde-b88e-05be6c810e30" })
        #expect(replay["kind"] as? String == "action")
        #expect(replay["target"] as? String == "production/model-server-kl7f9245ff-p54gn")
        #expect(replay["result"] as? String == "failed")
    }

    @Test func findingIDsPointAtTheFindingsAboutARow() throws {
        let rows = try rows(["--ip", Self.attacker])
        let findings = rows.filter { $0["source"] as? String == "hunts" }
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { ($0["finding_ids"] as? [Int])?.count == 1 })
        // The replay finding's row names two addresses, so it is found by its hunt.
        let replayFinding = try #require(
            try self.rows(["--query", #"where source == "hunts" and action == "signature-replay""#]).first)
        let findingID = try #require(replayFinding["row_id"] as? Int)
        #expect(replayFinding["finding_ids"] as? [Int] == [findingID])
        #expect(replayFinding["result"] as? String == "critical")
        // The replayed row carries the replay finding's id; so does the original from 12 November.
        let replay = try #require(rows.first { $0["row_id"] as? String == "43d936bb-f267-4fde-b88e-05be6c810e30" })
        #expect((replay["finding_ids"] as? [Int] ?? []).contains(findingID))
        let original = try self.rows(["--query", #"where row_id == "4ac83d1d-c636-464d-bde0-80cc5013c493""#])
        #expect((original.first?["finding_ids"] as? [Int] ?? []).contains(findingID))
        // The failed logins are the evidence of the failures-then-success finding.
        let failure = try #require(rows.first { $0["kind"] as? String == "auth_login_failure" })
        #expect((failure["finding_ids"] as? [Int] ?? []).count == 1)
    }

    @Test func thePolicyChangeIsOneRowWithItsFields() throws {
        let rows = try rows(["--query", #"where source == "policies""#])
        #expect(rows.count == 1)
        let change = rows[0]
        #expect(change["kind"] as? String == "policy_changed")
        #expect(change["time"] as? String == "2026-11-18T02:17:00.000000000Z")
        #expect(change["target"] as? String == "Deny Mutations in kube-system")
        #expect(change["row_id"] as? String == "15e886b5-e869-4ec8-a713-a9aea35e36fa")
        #expect((change["summary"] as? String ?? "").contains("effect deny → allow"))
        #expect(!(change["finding_ids"] as? [Int] ?? []).isEmpty)
    }

    @Test func aUserByIDOrByEmailIsTheSameTimeline() throws {
        let window = ["--since", "2026-11-18T02:00:00Z", "--until", "2026-11-18T03:00:00Z"]
        let byID = try rows(["--user", Self.admin] + window)
        let byEmail = try rows(["--user", "Admin@Example.com"] + window)
        #expect(!byID.isEmpty)
        #expect(byID.map { $0["row_id"] as? String } == byEmail.map { $0["row_id"] as? String })
        #expect(
            byID.allSatisfy {
                $0["actor"] as? String == Self.admin || $0["actor_email"] as? String == "admin@example.com"
            })
        let service = try rows(["--user", "ci-deployer"] + window)
        #expect(service.contains { $0["kind"] as? String == "policy_evaluation" })
        #expect(service.contains { $0["kind"] as? String == "action" })
    }

    @Test func aNetworkSelectsItsAddresses() throws {
        let window = ["--since", "2026-11-18T02:00:00Z", "--until", "2026-11-18T02:30:00Z"]
        let network = try rows(["--ip", "198.51.100.0/24"] + window)
        let exact = try rows(["--ip", Self.attacker] + window)
        #expect(network.map { $0["row_id"] as? String } == exact.map { $0["row_id"] as? String })
        let vpn = try rows(["--ip", "10.8.0.0/16"] + window)
        #expect(!vpn.isEmpty)
        #expect(vpn.allSatisfy { ($0["ip"] as? String ?? "").hasPrefix("10.8.") })
    }

    @Test func aroundAndWindowCentreOnATime() throws {
        let rows = try rows(["--around", "2026-11-18T02:17:00Z", "--window", "3m", "--ip", Self.attacker])
        let times = rows.map { $0["time"] as! String }
        #expect(times.allSatisfy { $0 >= "2026-11-18T02:14:00" && $0 < "2026-11-18T02:20:00" })
        #expect(times.contains("2026-11-18T02:14:05.000000000Z"))
        #expect(times.contains("2026-11-18T02:19:45.000000000Z"))
        #expect(!times.contains("2026-11-18T02:13:21.000000000Z"))
    }

    @Test func namespaceAndQueryFilter() throws {
        let rows = try rows(["--namespace", "kube-system", "--query", #"where source == "action_audit_logs""#])
        #expect(
            rows.map { $0["row_id"] as? String } == [
                "6088483c-dfaf-47ee-bef7-fdf49a8f00e2", "de0b9243-5556-4663-8b01-b8b5b656fe95",
                "b3ff13f9-0eed-4c47-9057-977568411d08",
            ])
    }

    @Test func queryLangSeesTheViewAndItsIndexes() throws {
        let cache = try IncidentCache.path.get()
        let result = try CLIRunner.run([
            "query", "--cache", cache, "--explain",
            #"from timeline | where ip == "198.51.100.250" and time >= 2026-11-18T00:00:00Z"#,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        for index in [
            "audit_events_by_ip_address_created_at_user_id", "policy_audit_logs_by_ip_address_created_at",
            "action_audit_logs_by_ip_address_created_at", "loki_entries_by_ip",
        ] {
            #expect(result.standardOutput.contains(index), "\(index) not in the plan:\n\(result.standardOutput)")
        }
        let counted = try CLIRunner.run([
            "query", "--cache", cache, "--format", "csv",
            #"from timeline | where ip == "198.51.100.250" | stats n = count() by source | sort by source"#,
        ])
        #expect(counted.standardOutput.contains("audit_events,4"), "\(counted.standardOutput)")
    }

    @Test func anOlderCacheIsMigratedFirst() throws {
        let cache = try IncidentCache.copy()
        let database = try SQLiteDatabase(path: cache)
        try database.execute(
            "DROP VIEW timeline; DROP VIEW policy_changes; DROP VIEW hunt_findings_current; "
                + "DROP INDEX loki_events_by_entry; PRAGMA user_version = 4")
        let rows = try rows(["--ip", Self.attacker], cache: cache)
        #expect(rows.count > 10)
        #expect(try Cache.openForReading(path: cache).schemaVersion >= 5, "migrated to the latest version")
    }

    @Test func filesGetAManifestAndTheTableFitsATerminal() throws {
        let folder = try makeTemporaryDirectory("timeline-files")
        let csv = folder.appendingPathComponent("attacker.csv").path
        let result = try CLIRunner.run([
            "timeline", "--cache", try IncidentCache.path.get(), "--ip", Self.attacker, "--format", "csv", "--output",
            csv,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: csv + ".manifest.json"))) as! [String: Any]
        #expect((manifest["subject"] as? [String: Any])?["kind"] as? String == "timeline")
        let verified = try CLIRunner.run(["verify-export", csv])
        #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
        let table = try CLIRunner.run(["timeline", "--cache", try IncidentCache.path.get(), "--ip", Self.attacker])
        #expect(table.standardOutput.hasPrefix("time "))
        #expect(table.standardOutput.contains("who"))
        #expect(!table.standardOutput.contains("row_table"))
    }

    @Test func theReportIsOneFileWithItsManifest() throws {
        let folder = try makeTemporaryDirectory("timeline-report")
        let report = folder.appendingPathComponent("incident.html").path
        let result = try CLIRunner.run([
            "report", "--cache", try IncidentCache.path.get(), "--since", "2026-11-18T01:30:00Z", "--until",
            "2026-11-18T03:00:00Z", "--output", report,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        for id in ["summary", "activity", "findings", "timeline"] { #expect(html.contains("<section id=\"\(id)\">")) }
        #expect(html.contains("Deny Mutations in kube-system"))
        #expect(html.contains("sev sev-critical"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(FileManager.default.fileExists(atPath: report + ".manifest.json"))
        let same = try CLIRunner.run([
            "timeline", "--cache", try IncidentCache.path.get(), "--since", "2026-11-18T01:30:00Z", "--until",
            "2026-11-18T03:00:00Z", "--format", "html", "--output", "-",
        ])
        #expect(same.standardOutput.hasPrefix("<!DOCTYPE html>"))
    }

    @Test(arguments: [
        ["--ip", "10.0.0.0/33"], ["--ip", "somewhere"], ["--around", "2026-11-18T02:17:00Z", "--since", "1d"],
        ["--window", "2h"], ["--since", "yesterday"], ["--format", "pdf"], ["--query", "project time"],
        ["--query", "where nosuchcolumn == 1"],
    ])
    func mistakesExitWithOneLine(arguments: [String]) throws {
        let result = try CLIRunner.run(["timeline", "--cache", try IncidentCache.path.get()] + arguments)
        #expect(result.status == 2 || result.status == 5 || result.status == 6, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("aegis-audit: "))
        #expect(result.standardOutput.isEmpty)
    }
}
