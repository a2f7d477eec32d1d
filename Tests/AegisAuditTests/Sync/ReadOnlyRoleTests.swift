import AegisAudit
import Foundation
import TestSupport
import Testing

/// A role that may only SELECT the audit tables (and only the harmless columns of users)
/// can sync: the tool needs no other privilege and never reads password or token columns.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct ReadOnlyRoleTests {
    @Test(arguments: [GeneratedData.Dialect.snake, .camel])
    func aSelectOnlyRoleCanSync(dialect: GeneratedData.Dialect) throws {
        let databases = try GeneratedData.load(dialect: dialect, rows: 400)
        let role = "auditor_\(getpid())_\(dialect.rawValue)"
        let password = "Sel3ct-only-\(dialect.rawValue)"
        let camel = dialect == .camel
        let userColumns =
            camel
            ? #"id, email, "firstName", "lastName", "isActive""#
            : "id, email, first_name, last_name, is_active, last_login"
        try TestPostgres.psql("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'", database: "postgres")
        try TestPostgres.psql(
            """
            REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
            GRANT SELECT ON policy_audit_logs, audit_events, policies, action_audit_logs TO \(role);
            GRANT SELECT (\(userColumns)) ON users TO \(role);
            """, database: databases.backend)
        let executorTables = camel ? "action_audit_logs" : "action_audit_logs, execution_errors"
        try TestPostgres.psql("GRANT SELECT ON \(executorTables) TO \(role)", database: databases.executor)

        let cache = try makeTemporaryDirectory("role").appendingPathComponent("c.sqlite").path
        let options = SyncOptions(
            cachePath: cache,
            sources: [
                SourceSpec(
                    role: .backend,
                    connectionString: TestPostgres.connectionString(database: databases.backend, user: role)
                        + " password=\(password)"),
                SourceSpec(
                    role: .executor,
                    connectionString: TestPostgres.connectionString(database: databases.executor, user: role)
                        + " password=\(password)"),
            ])
        let report = try SyncEngine.run(options, redactor: .init())
        #expect(report.tables.count == (camel ? 6 : 7))
        let users = try TestPostgres.value("SELECT count(*) FROM users", database: databases.backend)
        #expect(
            try Cache.openForReading(path: cache).database.integer("SELECT count(*) FROM users").map(String.init)
                == users)
        #expect(report.sources.allSatisfy { $0.snapshot.user == role })
    }
}
