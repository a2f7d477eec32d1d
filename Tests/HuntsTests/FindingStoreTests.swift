import AegisAudit
import Foundation
import Hunts
import TestSupport
import Testing

/// Findings are recorded in the hunt_* tables, in one transaction, and nothing else changes.
@Suite struct FindingStoreTests {
    @Test func recordsRunsFindingsAndEvidence() throws {
        var rows = HuntRows()
        rows.action("p1", namespace: "production", requester: "ai-engine", signature: "sig-x", day: 1)
        rows.action(
            "p2", namespace: "production", requester: "ai-engine", ip: "198.51.100.250", signature: "sig-x", day: 2)
        let path = try HuntFixture.cache(rows)
        let before = try evidenceHash(path)
        let hunts = try HuntFixture.library.select(["signature-replay", "executor-outside-allowlist"])
        let outcomes = try HuntRunner(now: HuntFixture.now).run(hunts, on: Cache.openForReading(path: path))
        let run = FindingStore.Run(
            startedAt: HuntRows.time(30), finishedAt: HuntRows.time(30, 1), window: HuntRunner.Window(),
            options: "{}", outcomes: outcomes)
        let first = try FindingStore.save(run, cachePath: path)
        let second = try FindingStore.save(run, cachePath: path)
        #expect(second == first + 1)

        let cache = try Cache.openForReading(path: path)
        #expect(try cache.database.integer("SELECT count(*) FROM hunt_runs") == 2)
        #expect(
            try cache.database.text(
                "SELECT status || ':' || coalesce(note, '') FROM hunt_results WHERE hunt_id = 'executor-outside-allowlist' AND run_id = ?1",
                [String(first)])?.hasPrefix("skipped:needs allowlist") == true)
        #expect(
            try cache.database.text("SELECT parameters FROM hunt_results WHERE hunt_id = 'signature-replay' LIMIT 1")
                == #"{"since":"1970-01-01T00:00:00.000000Z","until":"9999-12-31T23:59:59.999999Z"}"#)
        #expect(
            try cache.database.text("SELECT time FROM hunt_findings WHERE run_id = ?1", [String(first)])
                == HuntRows.time(2))
        #expect(try cache.database.integer("SELECT json_extract(row, '$.uses') FROM hunt_findings LIMIT 1") == 2)
        #expect(
            try cache.database.text(
                "SELECT group_concat(table_name || '/' || row_id, ' ') FROM (SELECT * FROM hunt_evidence e JOIN hunt_findings f ON f.id = e.finding_id WHERE f.run_id = ?1 ORDER BY row_id)",
                [String(first)]) == "action_audit_logs/p1 action_audit_logs/p2")
        #expect(try evidenceHash(path) == before)
    }

    @Test func upgradesAVersionTwoCache() throws {
        let path = try HuntFixture.cache(HuntRows())
        let cache = try Cache.openForWriting(path: path)
        // Undo what versions 3 and later add (newest first), so that it is a true version-2 cache.
        try cache.run(
            """
            DROP VIEW timeline; DROP VIEW policy_changes; DROP VIEW hunt_findings_current;
            DROP INDEX loki_events_by_entry;
            ALTER TABLE sync_runs DROP COLUMN rows_digest; ALTER TABLE sync_runs DROP COLUMN previous_hash;
            ALTER TABLE sync_runs DROP COLUMN record_hash; ALTER TABLE sync_runs DROP COLUMN sealed_by_sync_id;
            ALTER TABLE sync_run_tables DROP COLUMN rows_sealed; ALTER TABLE sync_run_tables DROP COLUMN rows_digest;
            DROP TABLE hunt_evidence; DROP TABLE hunt_findings; DROP TABLE hunt_results; DROP TABLE hunt_runs;
            PRAGMA user_version = 2;
            """)
        let outcomes = try HuntRunner().run(
            HuntFixture.library.select(["signature-replay"]), on: Cache.openForReading(path: path))
        try FindingStore.save(
            FindingStore.Run(
                startedAt: "a", finishedAt: "b", window: HuntRunner.Window(), options: "{}", outcomes: outcomes),
            cachePath: path)
        let upgraded = try Cache.openForReading(path: path)
        #expect(try upgraded.schemaVersion >= 3)
        #expect(try upgraded.database.integer("SELECT count(*) FROM hunt_runs") == 1)
    }

    /// The content of every evidence table, to prove a run leaves them alone.
    private func evidenceHash(_ path: String) throws -> String {
        let cache = try Cache.openForReading(path: path)
        var parts: [String] = []
        for table in [
            "action_audit_logs", "audit_events", "policy_audit_logs", "loki_entries", "policies", "sync_runs",
        ] {
            parts.append(try cache.database.text("SELECT group_concat(quote(id), ',') FROM \(table)") ?? "-")
            parts.append(String(try cache.database.integer("SELECT count(*) FROM \(table)") ?? -1))
        }
        return parts.joined(separator: "|")
    }
}

extension FindingStoreTests {
    @Test func neverCreatesACache() throws {
        let path = try makeTemporaryDirectory("hunt-store").appendingPathComponent("none.sqlite").path
        let run = FindingStore.Run(
            startedAt: "a", finishedAt: "b", window: HuntRunner.Window(), options: "{}", outcomes: [])
        #expect(throws: HuntError.self) { try FindingStore.save(run, cachePath: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
