import AegisAudit
import Foundation
import TestSupport
import Testing

/// Later syncs read only what is new (plus the overlap), never duplicate a row, and version
/// rows that changed at the source.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct IncrementalSyncTests {
    private func stats(_ report: SyncReport, _ source: String, _ table: String) -> TableSyncStats? {
        report.tables.first { $0.source == source && $0.table == table }
    }

    @Test func newRowsArePickedUpOnceAndNothingIsDuplicated() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 1000)
        let harness = try SyncHarness(label: "incremental")
        try harness.sync(executor: databases.executor)
        try TestPostgres.psql(
            """
            INSERT INTO action_audit_logs (id, action_type, status, namespace, resource_type, resource_name,
                action_params, requested_by, created_at)
            SELECT gen_random_uuid(), action_type, status, namespace, resource_type, resource_name, action_params,
                requested_by, (SELECT max(created_at) FROM action_audit_logs) + interval '1 minute'
            FROM action_audit_logs ORDER BY id LIMIT 50
            """, database: databases.executor)

        let second = try harness.sync(executor: databases.executor)
        let actions = try #require(stats(second, "executor", "action_audit_logs"))
        #expect(actions.mode == "incremental")
        #expect(actions.rowsInserted == 50)
        #expect(actions.rowsChanged == 0)
        #expect(actions.rowsRead < 1050, "only the window after the watermark is read")
        let expected = try TestPostgres.value("SELECT count(*) FROM action_audit_logs", database: databases.executor)
        #expect(try harness.integer("SELECT count(*) FROM action_audit_logs").map(String.init) == expected)
        #expect(try harness.integer("SELECT count(DISTINCT id) FROM action_audit_logs").map(String.init) == expected)

        let third = try harness.sync(executor: databases.executor)
        #expect(stats(third, "executor", "action_audit_logs")?.rowsInserted == 0)
        #expect(try harness.integer("SELECT count(*) FROM action_audit_logs").map(String.init) == expected)
    }

    @Test func anOldPendingRowCompletedLaterIsUpdatedAndItsPreviousVersionKept() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 1000)
        let pendingID = "00000000-0000-4000-8000-00000000beef"
        // Pending since long before the last watermark: outside any overlap window.
        try TestPostgres.psql(
            """
            INSERT INTO action_audit_logs (id, action_type, status, namespace, resource_type, resource_name,
                action_params, requested_by, created_at)
            VALUES ('\(pendingID)', 'restart_pod', 'pending', 'payments', 'pod', 'api-payments-1', '{}',
                'ai-engine', (SELECT min(created_at) FROM action_audit_logs) + interval '1 hour')
            """, database: databases.executor)
        let harness = try SyncHarness(label: "versioned")
        try harness.sync(executor: databases.executor)
        // The SQL-script schema turns UPDATE into a no-op with a rule; TypeORM's has none.
        try TestPostgres.psql(
            """
            ALTER TABLE action_audit_logs DISABLE RULE action_audit_logs_no_update;
            UPDATE action_audit_logs SET status = 'completed', completed_at = created_at + interval '3 seconds',
                execution_duration = 3000 WHERE id = '\(pendingID)'
            """, database: databases.executor)

        let second = try harness.sync(executor: databases.executor)
        let actions = try #require(stats(second, "executor", "action_audit_logs"))
        #expect(actions.rowsRevisited >= 1, "open rows before the window are re-read by id")
        #expect(actions.rowsChanged == 1)
        #expect(try harness.text("SELECT status FROM action_audit_logs WHERE id = ?1", [pendingID]) == "completed")
        #expect(
            try harness.text(
                "SELECT status || ' ' || version_sync_id || ' ' || replaced_by_sync_id FROM action_audit_logs_history WHERE id = ?1",
                [pendingID]) == "pending 1 2")
        #expect(try harness.integer("SELECT version_sync_id FROM action_audit_logs WHERE id = ?1", [pendingID]) == 2)
        #expect(try harness.integer("SELECT first_sync_id FROM action_audit_logs WHERE id = ?1", [pendingID]) == 1)
    }

    @Test func aFullResyncReadsEverythingAndChangesNothing() throws {
        let databases = try GeneratedData.load(dialect: .camel, rows: 800)
        let harness = try SyncHarness(label: "full")
        try harness.sync(backend: databases.backend, executor: databases.executor)
        let before = try harness.integer("SELECT count(*) FROM action_audit_logs")
        let full = try harness.sync(backend: databases.backend, executor: databases.executor, full: true)
        let actions = try #require(stats(full, "executor", "action_audit_logs"))
        #expect(actions.mode == "full")
        #expect(Int64(actions.rowsRead) == before)
        #expect(actions.rowsUnchanged == actions.rowsRead)
        #expect(full.tables.allSatisfy { $0.rowsInserted == 0 && $0.rowsChanged == 0 })
    }

    @Test func everyPolicyPullIsANewSnapshotAndOldSnapshotsStayAsTheyWere() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 300)
        let harness = try SyncHarness(label: "policies")
        try harness.sync(backend: databases.backend)
        try TestPostgres.psql(
            "UPDATE policies SET effect = 'allow' WHERE name = 'Deny Mutations in kube-system'",
            database: databases.backend)
        let second = try harness.sync(backend: databases.backend)
        #expect(stats(second, "backend", "policies")?.rowsChanged == 1)
        let effect = "SELECT effect FROM policies WHERE snapshot_no = ?1 AND name = 'Deny Mutations in kube-system'"
        #expect(try harness.text(effect, ["1"]) == "deny")
        #expect(try harness.text(effect, ["2"]) == "allow")
        let third = try harness.sync(backend: databases.backend)
        #expect(stats(third, "backend", "policies")?.rowsChanged == 0)
        #expect(try harness.integer("SELECT count(*) FROM policy_snapshots") == 3)
        #expect(
            try harness.integer(
                "SELECT count(DISTINCT snapshot_hash) FROM policy_snapshots") == 2, "identical pulls hash alike")
    }

    @Test func naiveTimestampsAreReadInTheConfiguredSourceTimeZone() throws {
        let databases = try GeneratedData.load(dialect: .camel, rows: 200)
        var harness = try SyncHarness(label: "timezone")
        harness.sourceTimeZone = "Europe/Berlin"
        try harness.sync(executor: databases.executor)
        let id = try TestPostgres.value(
            "SELECT id FROM action_audit_logs ORDER BY id LIMIT 1", database: databases.executor)
        let expected = try TestPostgres.value(
            """
            SELECT to_char(("createdAt" AT TIME ZONE 'Europe/Berlin') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            FROM action_audit_logs WHERE id = '\(id)'
            """, database: databases.executor)
        #expect(try harness.text("SELECT created_at FROM action_audit_logs WHERE id = ?1", [id]) == expected)
        let naive = try TestPostgres.value(
            "SELECT \"createdAt\"::text FROM action_audit_logs WHERE id = '\(id)'", database: databases.executor)
        #expect(!expected.hasPrefix(String(naive.prefix(19)).replacingOccurrences(of: " ", with: "T")))
    }
}
