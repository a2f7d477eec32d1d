import AegisAudit
import Foundation
import TestSupport
import Testing

/// The server's own log proves what a sync and a verify send: with `log_statement = 'all'` for
/// a SELECT-only role, every statement logged for it is a read (SELECT, COPY ... TO STDOUT,
/// BEGIN READ ONLY, COMMIT/ROLLBACK, SET/SHOW).
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct ReadOnlyProofTests {
    @Test func theServerLogHoldsOnlyReads() throws {
        let logPath = try #require(ProcessInfo.processInfo.environment["AEGIS_PG_DIR"]) + "/server.log"
        let databases = try GeneratedData.load(dialect: .snake, rows: 200)
        let role = "logged_reader_\(getpid())"
        try TestPostgres.psql(
            "CREATE ROLE \(role) LOGIN PASSWORD 'Rd-only-1'; ALTER ROLE \(role) SET log_statement = 'all';",
            database: "postgres")
        for (database, tables) in [
            (databases.backend, "policy_audit_logs, audit_events, policies, action_audit_logs"),
            (databases.executor, "action_audit_logs, execution_errors"),
        ] {
            try TestPostgres.psql("GRANT SELECT ON \(tables) TO \(role)", database: database)
        }
        try TestPostgres.psql(
            "GRANT SELECT (id, email, first_name, last_name, is_active, last_login) ON users TO \(role)",
            database: databases.backend)
        let before = (try? Data(contentsOf: URL(fileURLWithPath: logPath)).count) ?? 0

        let harness = try SyncHarness(label: "logged")
        let sources = [
            SourceSpec(
                role: .backend,
                connectionString: TestPostgres.connectionString(database: databases.backend, user: role)
                    + " password=Rd-only-1"),
            SourceSpec(
                role: .executor,
                connectionString: TestPostgres.connectionString(database: databases.executor, user: role)
                    + " password=Rd-only-1"),
        ]
        for _ in 0..<2 {  // a first and an incremental sync
            var options = SyncOptions(cachePath: harness.cachePath, sources: sources)
            options.overlapSeconds = 600
            _ = try SyncEngine.run(options, redactor: .init())
        }
        // Then verify, which re-reads every cached table at the source.
        let verified = try Verifier.run(
            VerifyOptions(cachePath: harness.cachePath, sources: sources), redactor: .init()
        ) { _ in }
        #expect(verified.isClean)
        #expect(verified.tables.count == 7)

        let log = try Data(contentsOf: URL(fileURLWithPath: logPath))
        let text = String(decoding: log.dropFirst(before), as: UTF8.self)
        let statements = text.split(separator: "\n").compactMap { line -> String? in
            for marker in ["LOG:  statement: ", "LOG:  execute <unnamed>: ", "LOG:  execute "] {
                if let range = line.range(of: marker) { return String(line[range.upperBound...]) }
            }
            return nil
        }
        #expect(statements.count >= 10, "the role's statements were logged")
        let allowed = ["SELECT", "COPY (SELECT", "BEGIN READ ONLY", "COMMIT", "ROLLBACK", "SET ", "SHOW "]
        for statement in statements {
            let trimmed = statement.trimmingCharacters(in: .whitespaces)
            #expect(allowed.contains { trimmed.uppercased().hasPrefix($0) }, "not a read: \(trimmed.prefix(120))")
            if trimmed.uppercased().hasPrefix("COPY") { #expect(trimmed.hasSuffix("TO STDOUT")) }
        }
        #expect(statements.contains { $0.hasPrefix("BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ") })
        #expect(statements.contains { $0.contains("COLLATE \"C\") TO STDOUT") }, "verify's reads were logged")
    }
}
