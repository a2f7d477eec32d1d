import AegisAudit
import Foundation
import TestSupport
import Testing

/// Source rows a live Aegis should never hold, through `aegis-audit sync` and `verify`.
///
/// Strange but valid values (NULL in every column but the id, odd Unicode, a 10 MB jsonb,
/// IPv6 in `inet`, timestamps at PostgreSQL's extremes) are evidence: stored exactly, verified
/// clean against the source, never duplicated by the next sync, and they do not move the
/// watermark (a later row is still picked up). A row without an id cannot be tracked at all:
/// one line, exit 3, the cache untouched.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct HostilePostgresTests {
    /// Rows inserted into a fresh backend and executor, and what the cache must then hold.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let backendSQL: String
        var executorSQL = ""
        /// (query on the cache, the text it must return)
        let expectations: [(String, String)]
        var testDescription: String { name }
    }

    static let oddText =
        "rtl \u{202E}txet zwj 👩\u{200D}💻 e\u{301} bom \u{FEFF} 𝕏 bell \u{7} esc \u{1B}[2J tab\tnl\ncr\r \u{10FFFF} 'quote\" \\back"

    static let cases: [Case] = [
        Case(
            name: "NULL in every column but the id",
            backendSQL: """
                ALTER TABLE audit_events ALTER COLUMN event_type DROP NOT NULL, ALTER COLUMN created_at DROP NOT NULL;
                INSERT INTO audit_events (id, event_type, user_id, entity_type, entity_id, details, ip_address,
                    user_agent, created_at)
                VALUES ('00000000-0000-4000-8000-00000000000a', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                ALTER TABLE policy_audit_logs ALTER COLUMN action DROP NOT NULL, ALTER COLUMN resource DROP NOT NULL,
                    ALTER COLUMN result DROP NOT NULL, ALTER COLUMN created_at DROP NOT NULL;
                INSERT INTO policy_audit_logs (id, user_id, action, resource, result, applied_policies, context,
                    ip_address, user_agent, created_at)
                VALUES ('00000000-0000-4000-8000-00000000000b', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                """,
            executorSQL: """
                DO $$ DECLARE c record; BEGIN
                  FOR c IN SELECT column_name FROM information_schema.columns
                           WHERE table_name = 'action_audit_logs' AND is_nullable = 'NO' AND column_name <> 'id' LOOP
                    EXECUTE format('ALTER TABLE action_audit_logs ALTER COLUMN %I DROP NOT NULL', c.column_name);
                  END LOOP;
                END $$;
                INSERT INTO action_audit_logs (id, action_type, status, namespace, resource_type, resource_name,
                    action_params, requested_by, policy_decision, execution_duration, error_message, result,
                    ip_address, signature, created_at, completed_at)
                VALUES ('00000000-0000-4000-8000-00000000000c', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, NULL, NULL, NULL);
                """,
            expectations: [
                (
                    "SELECT count(*) FROM audit_events WHERE id = '00000000-0000-4000-8000-00000000000a' "
                        + "AND event_type IS NULL AND created_at IS NULL AND details IS NULL AND ip_address IS NULL",
                    "1"
                ),
                (
                    "SELECT count(*) FROM policy_audit_logs WHERE id = '00000000-0000-4000-8000-00000000000b' "
                        + "AND action IS NULL AND result IS NULL AND created_at IS NULL", "1"
                ),
                (
                    "SELECT count(*) FROM action_audit_logs WHERE id = '00000000-0000-4000-8000-00000000000c' "
                        + "AND status IS NULL AND created_at IS NULL AND action_params IS NULL", "1"
                ),
            ]),
        Case(
            name: "odd Unicode",
            backendSQL: """
                INSERT INTO audit_events (id, event_type, user_agent, details, created_at)
                VALUES ('00000000-0000-4000-8000-0000000000a1', 'odd', \(literal(oddText)),
                    jsonb_build_object(\(literal(oddText)), \(literal(oddText))), now() - interval '1 day');
                """,
            expectations: [
                ("SELECT user_agent FROM audit_events WHERE id = '00000000-0000-4000-8000-0000000000a1'", oddText)
            ]),
        Case(
            name: "a 10 MB jsonb",
            backendSQL: """
                INSERT INTO audit_events (id, event_type, details, created_at)
                VALUES ('00000000-0000-4000-8000-0000000000b1', 'huge',
                    jsonb_build_object('blob', repeat('0123456789', 1048576), 'n', 1e300::numeric),
                    now() - interval '1 day');
                """,
            expectations: [
                (
                    "SELECT length(details) > 10485760 FROM audit_events WHERE id = '00000000-0000-4000-8000-0000000000b1'",
                    "1"
                )
            ]),
        Case(
            name: "IPv6 in inet",
            backendSQL: """
                INSERT INTO policy_audit_logs (id, action, resource, result, ip_address, created_at) VALUES
                  ('00000000-0000-4000-8000-0000000000c1', 'read', 'pods', 'allow', '2001:db8::ff00:42:8329',
                   now() - interval '1 day'),
                  ('00000000-0000-4000-8000-0000000000c2', 'read', 'pods', 'deny', '::ffff:192.0.2.1/128',
                   now() - interval '1 day'),
                  ('00000000-0000-4000-8000-0000000000c3', 'read', 'pods', 'deny', 'fe80::/10',
                   now() - interval '1 day');
                """,
            expectations: [
                (
                    "SELECT group_concat(ip_address, ' ') FROM (SELECT ip_address FROM policy_audit_logs "
                        + "WHERE id LIKE '00000000-0000-4000-8000-0000000000c%' ORDER BY id)",
                    "2001:db8::ff00:42:8329 ::ffff:192.0.2.1 fe80::/10"
                )
            ]),
        Case(
            name: "timestamps at the extremes",
            backendSQL: """
                INSERT INTO audit_events (id, event_type, created_at) VALUES
                  ('00000000-0000-4000-8000-0000000000d1', 'far', 'infinity'),
                  ('00000000-0000-4000-8000-0000000000d2', 'far', '-infinity'),
                  ('00000000-0000-4000-8000-0000000000d3', 'far', '4713-01-01 00:00:00+00 BC'),
                  ('00000000-0000-4000-8000-0000000000d4', 'far', '294276-12-31 23:59:59.999999+00');
                """,
            expectations: [
                (
                    "SELECT group_concat(created_at, ' | ') FROM (SELECT created_at FROM audit_events "
                        + "WHERE event_type = 'far' ORDER BY id)",
                    "infinity | -infinity | 4713-01-01 00:00:00+00 BC | 294276-12-31 23:59:59.999999+00"
                )
            ]),
    ]

    @Test(arguments: cases)
    func strangeButValidValuesAreStoredExactlyAndVerifyClean(_ hostile: Case) throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 200)
        try TestPostgres.psql(hostile.backendSQL, database: databases.backend)
        if !hostile.executorSQL.isEmpty { try TestPostgres.psql(hostile.executorSQL, database: databases.executor) }
        let cache = try makeTemporaryDirectory("hostile-pg").appendingPathComponent("c.sqlite").path
        let sources = [
            "--backend", TestPostgres.connectionString(database: databases.backend), "--executor",
            TestPostgres.connectionString(database: databases.executor),
        ]
        let environment = ["PGPASSWORD": TestPostgres.superuserPassword]
        let first = try CLIRunner.run(["sync", "--cache", cache, "--quiet"] + sources, environment: environment)
        try #require(first.status == 0, "\(first.standardError)")
        let database = try Cache.openForReading(path: cache).database
        for (query, expected) in hostile.expectations {
            #expect(try database.text(query) == expected, "\(query)")
        }
        let verify = try CLIRunner.run(["verify", "--cache", cache] + sources, environment: environment)
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")

        // The watermark did not move to the extreme: a later row is still picked up, once.
        try TestPostgres.psql(
            "INSERT INTO audit_events (id, event_type, created_at) VALUES (gen_random_uuid(), 'later', now())",
            database: databases.backend)
        let second = try CLIRunner.run(["sync", "--cache", cache, "--quiet"] + sources, environment: environment)
        try #require(second.status == 0, "\(second.standardError)")
        let reopened = try Cache.openForReading(path: cache).database
        #expect(try reopened.integer("SELECT count(*) FROM audit_events WHERE event_type = 'later'") == 1)
        for table in ["audit_events", "policy_audit_logs"] {
            let atSource = try TestPostgres.value("SELECT count(*) FROM \(table)", database: databases.backend)
            #expect(try reopened.integer("SELECT count(*) FROM \(table)").map(String.init) == atSource, "\(table)")
        }
        let actions = try TestPostgres.value("SELECT count(*) FROM action_audit_logs", database: databases.executor)
        #expect(try reopened.integer("SELECT count(*) FROM action_audit_logs").map(String.init) == actions)
    }

    @Test func aRowWithoutAnIdFailsInOneLineAndLeavesTheCache() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 200)
        let cache = try makeTemporaryDirectory("hostile-pg").appendingPathComponent("c.sqlite").path
        let arguments = ["sync", "--cache", cache, "--backend", TestPostgres.superuserURI(database: databases.backend)]
        try #require(try CLIRunner.run(arguments).status == 0)
        let before = try #require(fileBytes(cache))
        try TestPostgres.psql(
            """
            ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey;
            ALTER TABLE audit_events ALTER COLUMN id DROP NOT NULL;
            INSERT INTO audit_events (id, event_type, created_at) VALUES (NULL, 'ghost', now());
            """, database: databases.backend)
        for run in 1...2 {
            let result = try CLIRunner.run(arguments + (run == 2 ? ["--full"] : []))
            #expect(result.status == 3, "\(result.standardError)")
            #expect(
                result.standardError
                    == "aegis-audit: error: source 'backend': table audit_events has a row whose id is NULL; every "
                    + "audit row needs an id (find it with: SELECT * FROM audit_events WHERE id IS NULL)\n")
            #expect(fileBytes(cache) == before, "the cache is byte for byte as it was")
        }
    }

    /// A PostgreSQL string literal (E'' with every character escaped that needs it).
    static func literal(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "'": escaped += "''"
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += String(format: "\\x%02X", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "E'\(escaped)'"
    }
}
