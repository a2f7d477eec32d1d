import AegisAudit
import Foundation
import TestSupport
import Testing

/// A sync that fails half-way, after some tables were already copied, leaves the cache exactly
/// as it was: one cache transaction per run.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct SyncAtomicityTests {
    @Test func aFailureInTheMiddleOfATableRollsTheWholeRunBack() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 400)
        let harness = try SyncHarness(label: "atomic")
        try harness.sync(backend: databases.backend, executor: databases.executor)
        try TestPostgres.psql(
            """
            ALTER TABLE policy_audit_logs DISABLE RULE policy_audit_logs_no_update;
            UPDATE policy_audit_logs SET created_at = created_at + interval '30 days'
              WHERE id IN (SELECT id FROM policy_audit_logs ORDER BY id LIMIT 20);
            ALTER TABLE users RENAME TO users_real;
            CREATE VIEW users AS
              SELECT id, CASE WHEN row_number() OVER (ORDER BY id) = 25 THEN (1 / 0)::text ELSE email END AS email,
                     first_name, last_name, is_active, last_login
              FROM users_real;
            """, database: databases.backend)
        let before = try snapshotOfCache(harness.cachePath)

        #expect {
            try harness.sync(backend: databases.backend, executor: databases.executor)
        } throws: { error in
            "\(error)".contains("division by zero") && "\(error)".contains("source 'backend'")
        }
        #expect(try snapshotOfCache(harness.cachePath) == before)
        #expect(try harness.integer("SELECT count(*) FROM sync_runs") == 1)
    }

    /// Every table's rows, as text, to compare whole caches.
    private func snapshotOfCache(_ path: String) throws -> String {
        let result = try ProcessRunner.run(
            "/usr/bin/sqlite3",
            [
                path,
                """
                SELECT 'a', count(*), max(last_seen_sync_id) FROM action_audit_logs;
                SELECT 'p', count(*), max(created_at), max(last_seen_sync_id) FROM policy_audit_logs;
                SELECT 'e', count(*), max(last_seen_sync_id) FROM audit_events;
                SELECT 'u', count(*) FROM users;
                SELECT 's', count(*) FROM policy_snapshots;
                SELECT 'r', count(*) FROM sync_run_tables;
                """,
            ])
        return result.standardOutput
    }
}
