import AegisAudit
import Foundation
import TestSupport
import Testing

/// A first sync of generated databases in each column dialect maps every row to the
/// canonical cache schema with its values intact.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct DialectSyncTests {
    @Test(arguments: [GeneratedData.Dialect.snake, .camel])
    func firstSyncCopiesEveryRowOfEachTable(dialect: GeneratedData.Dialect) throws {
        let databases = try GeneratedData.load(dialect: dialect, rows: 3000)
        let harness = try SyncHarness(label: "dialect-\(dialect)")
        let report = try harness.sync(backend: databases.backend, executor: databases.executor)

        for (database, source, table) in [
            (databases.executor, "executor", "action_audit_logs"), (databases.backend, "backend", "policy_audit_logs"),
            (databases.backend, "backend", "audit_events"), (databases.backend, "backend", "users"),
        ] {
            let expected = try TestPostgres.value("SELECT count(*) FROM \(table)", database: database)
            let cached = try harness.integer("SELECT count(*) FROM \(table) WHERE source = ?1", [source])
            #expect(cached.map(String.init) == expected, "\(source).\(table)")
        }
        let policies = try TestPostgres.value("SELECT count(*) FROM policies", database: databases.backend)
        #expect(try harness.integer("SELECT count(*) FROM policies_latest").map(String.init) == policies)
        let expectedDialect = dialect == .snake ? "snake" : "camel"
        #expect(report.tables.first { $0.table == "audit_events" }?.dialect == expectedDialect)
        #expect(report.tables.allSatisfy { $0.rowsChanged == 0 })
    }

    @Test(arguments: [GeneratedData.Dialect.snake, .camel])
    func valuesSurviveTheMappingUnchanged(dialect: GeneratedData.Dialect) throws {
        let databases = try GeneratedData.load(dialect: dialect, rows: 500)
        let harness = try SyncHarness(label: "values-\(dialect)")
        try harness.sync(backend: databases.backend, executor: databases.executor)
        let camel = dialect == .camel
        // One row per table, compared column by column with what PostgreSQL itself prints.
        let created = camel ? "\"createdAt\"" : "created_at"
        let id = try TestPostgres.value(
            "SELECT id FROM action_audit_logs WHERE \(camel ? "\"actionParams\"" : "action_params") IS NOT NULL "
                + "ORDER BY id LIMIT 1", database: databases.executor)
        let source = try TestPostgres.value(
            """
            SELECT concat_ws('|', \(camel ? "\"actionType\"" : "action_type"), namespace,
              \(camel ? "\"actionParams\"" : "action_params")::text,
              to_char(\(created)\(camel ? "" : " AT TIME ZONE 'UTC'"), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            FROM action_audit_logs WHERE id = '\(id)'
            """, database: databases.executor)
        let cached = try harness.text(
            "SELECT action_type || '|' || namespace || '|' || action_params || '|' || created_at FROM action_audit_logs WHERE id = ?1",
            [id])
        #expect(cached == source)

        let user = try TestPostgres.value("SELECT id FROM users ORDER BY id LIMIT 1", database: databases.backend)
        let sourceUser = try TestPostgres.value(
            "SELECT concat_ws('|', email, \(camel ? "\"firstName\"" : "first_name"), "
                + "\(camel ? "\"isActive\"" : "is_active")::int) FROM users WHERE id = '\(user)'",
            database: databases.backend)
        #expect(
            try harness.text("SELECT email || '|' || first_name || '|' || is_active FROM users WHERE id = ?1", [user])
                == sourceUser)
        if !camel {
            // text[] columns of the SQL-script dialect arrive as JSON arrays.
            let actions = try harness.text("SELECT actions FROM policies_latest ORDER BY name LIMIT 1")
            #expect(actions?.hasPrefix("[\"") == true)
        }
    }

    @Test func aDatabaseMixingBothDialectsTableByTableIsMapped() throws {
        let databases = try GeneratedData.load(dialect: .camel, rows: 500)
        // A partly migrated database: audit_events in snake_case, the rest still camelCase.
        try TestPostgres.psql(
            """
            ALTER TABLE audit_events RENAME COLUMN "eventType" TO event_type;
            ALTER TABLE audit_events RENAME COLUMN "userId" TO user_id;
            ALTER TABLE audit_events RENAME COLUMN "ipAddress" TO ip_address;
            ALTER TABLE audit_events RENAME COLUMN "createdAt" TO created_at;
            """, database: databases.backend)
        let harness = try SyncHarness(label: "mixed")
        let report = try harness.sync(backend: databases.backend)
        let dialects = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.table, $0.dialect) })
        #expect(dialects["policy_audit_logs"] == "camel")
        #expect(dialects["audit_events"] == "mixed")  // entityType, userAgent are still camelCase
        let expected = try TestPostgres.value(
            "SELECT count(*) FROM audit_events WHERE ip_address IS NOT NULL", database: databases.backend)
        #expect(
            try harness.integer("SELECT count(*) FROM audit_events WHERE ip_address IS NOT NULL").map(String.init)
                == expected)
    }
}
