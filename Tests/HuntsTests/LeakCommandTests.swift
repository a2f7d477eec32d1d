import AegisAudit
import Foundation
import TestSupport
import Testing

/// `aegis-audit hunt --leak-time T [--principal P]` as a responder runs it.
@Suite struct LeakCommandTests {
    let queries = GeneratedData.packageRoot.appendingPathComponent("queries").path

    @Test func leakTimeRunsTheLeakHuntsAndRecordsTheirFindings() throws {
        let cache = try LeakHuntTests.cache()
        let result = try CLIRunner.run([
            "hunt", "--leak-time", LeakHuntTests.leakTime, "--principal", "ALICE@example.com", "--cache", cache,
            "--queries", queries,
        ])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(
            result.standardOutput.hasPrefix(
                "hunt run #1 on \(cache), window start to now, leak time \(LeakHuntTests.leakTime), "
                    + "principal ALICE@example.com\n"))
        #expect(result.standardOutput.contains("HIGH (2)"))
        #expect(
            result.standardOutput.contains("[leak-new-ip] \(HuntRows.time(LeakHuntTests.leakDay, 120))  203.0.113.9"))
        #expect(result.standardOutput.contains("evidence audit_events: l-x"))
        #expect(!result.standardOutput.contains("[signature-replay]"), "only the leak hunts run")
        let stored = try Cache.openForReading(path: cache)
        #expect(try stored.database.integer("SELECT count(*) FROM hunt_results") == 6)
        #expect(
            try stored.database.integer(
                "SELECT count(*) FROM hunt_evidence e JOIN hunt_findings f ON f.id = e.finding_id "
                    + "WHERE f.hunt_id = 'leak-new-ip' AND e.table_name = 'policy_audit_logs' AND e.row_id = 'd-x'")
                == 1)
        // The timeline marks the intruder's rows with the findings that name them.
        #expect(
            try stored.database.integer(
                "SELECT count(*) FROM timeline WHERE row_id = 'l-x' AND finding_ids IS NOT NULL") == 1)
        let options = try stored.database.text("SELECT options FROM hunt_runs") ?? ""
        #expect(options.contains("\"leak_time\":\"\(LeakHuntTests.leakTime)\""))
    }

    @Test func jsonLinesCarryEveryLeakFinding() throws {
        let cache = try LeakHuntTests.cache()
        let result = try CLIRunner.run([
            "hunt", "--leak-time", LeakHuntTests.leakTime, "--principal", "u-alice", "--cache", cache, "--queries",
            queries, "--format", "jsonl", "--no-store",
        ])
        #expect(result.status == 1, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("{\"hunt\":\"leak-") })
        #expect(lines.filter { $0.contains("\"hunt\":\"leak-new-user-agent\"") }.count == 1)
        #expect(lines.contains { $0.contains("\"user_agent\":\"python-requests/2.31\"") })
    }

    @Test func allOnAQuietCacheSkipsTheLeakHuntsAndExitsZero() throws {
        let cache = try HuntFixture.cache(HuntRows())
        let result = try CLIRunner.run(["hunt", "--all", "--cache", cache, "--queries", queries, "--no-store"])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("skipped: needs leak_time: give --leak-time T"))
    }

    @Test func misuseIsAUsageError() throws {
        let cache = try HuntFixture.cache(HuntRows())
        for arguments in [
            ["--principal", "u-alice"],
            ["--leak-time", "not a time"],
            ["signature-replay", "--leak-time", "2026-11-20"],
        ] {
            let result = try CLIRunner.run(["hunt", "--cache", cache, "--queries", queries] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        }
    }
}
