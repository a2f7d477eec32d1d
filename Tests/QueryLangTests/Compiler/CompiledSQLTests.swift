import AegisAudit
import Foundation
import QueryLang
import Testing

/// The SQL each operator compiles to (golden), and that literals only ever arrive as
/// parameters.
@Suite struct CompiledSQLTests {
    let catalog: Catalog
    let cachePath: String

    init() throws {
        cachePath = try QueryFixture.makeCache()
        catalog = try QueryFixture.catalog(of: cachePath)
    }

    private func sql(_ query: String) throws -> CompiledQuery {
        try QueryCompiler.compile(query, catalog: catalog, now: QueryFixture.now)
    }

    @Test(arguments: [
        (
            #"from users | rename mail = email | project mail"#,
            #"SELECT "mail" AS "mail" FROM (SELECT "source" AS "source", "id" AS "id", "email" AS "mail", "first_name" AS "first_name", "last_name" AS "last_name", "is_active" AS "is_active", "last_login" AS "last_login", "row_hash" AS "row_hash", "first_sync_id" AS "first_sync_id", "version_sync_id" AS "version_sync_id", "last_seen_sync_id" AS "last_seen_sync_id" FROM (SELECT * FROM "users") AS s1) AS s2"#
        ),
        (
            #"from users | extend n = len(email)"#,
            #"SELECT "source", "id", "email", "first_name", "last_name", "is_active", "last_login", "row_hash", "first_sync_id", "version_sync_id", "last_seen_sync_id", length("email") AS "n" FROM (SELECT * FROM "users") AS s1"#
        ),
        (
            #"from users | top 2 first_name"#,
            #"SELECT * FROM (SELECT "first_name" AS "first_name", count(*) AS "count" FROM (SELECT * FROM "users") AS s1 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?1) ORDER BY "count" DESC"#
        ),
        (
            #"from audit_events | rare 1 event_type"#,
            #"SELECT * FROM (SELECT "event_type" AS "event_type", count(*) AS "count" FROM (SELECT * FROM "audit_events") AS s1 GROUP BY 1 ORDER BY 2 ASC, 1 LIMIT ?1) ORDER BY "count" ASC"#
        ),
        (
            #"from users | dedup email"#,
            #"SELECT "source", "id", "email", "first_name", "last_name", "is_active", "last_login", "row_hash", "first_sync_id", "version_sync_id", "last_seen_sync_id" FROM (SELECT *, row_number() OVER (PARTITION BY "email" ORDER BY rowid) AS aegis_row FROM (SELECT * FROM "users") AS s1) WHERE aegis_row = 1"#
        ),
        (
            #"from users | join (from users | project id, other = email) on id"#,
            #"SELECT l."source", l."id", l."email", l."first_name", l."last_name", l."is_active", l."last_login", l."row_hash", l."first_sync_id", l."version_sync_id", l."last_seen_sync_id", r."other" AS "other" FROM (SELECT * FROM "users") AS l CROSS JOIN (SELECT "id" AS "id", "email" AS "other" FROM (SELECT * FROM "users") AS s1) AS r ON l."id" = r."id""#
        ),
        (
            #"from users | project id | join kind=anti (from audit_events | project user_id) on id == user_id"#,
            #"SELECT l."id" FROM (SELECT "id" AS "id" FROM (SELECT * FROM "users") AS s1) AS l WHERE (l."id" IS NULL OR l."id" NOT IN (SELECT r."user_id" FROM (SELECT "user_id" AS "user_id" FROM (SELECT * FROM "audit_events") AS s1) AS r WHERE r."user_id" IS NOT NULL))"#
        ),
        (
            #"from users | project id | join kind=semi (from audit_events | project user_id) on id == user_id"#,
            #"SELECT l."id" FROM (SELECT "id" AS "id" FROM (SELECT * FROM "users") AS s1) AS l WHERE l."id" IN (SELECT r."user_id" FROM (SELECT "user_id" AS "user_id" FROM (SELECT * FROM "audit_events") AS s1) AS r WHERE r."user_id" IS NOT NULL)"#
        ),
        (
            #"from users | project id | union (from audit_events | project id)"#,
            #"SELECT * FROM (SELECT "id" FROM (SELECT "id" AS "id" FROM (SELECT * FROM "users") AS s1) AS s2 UNION ALL SELECT "id" FROM (SELECT "id" AS "id" FROM (SELECT * FROM "audit_events") AS s1))"#
        ),
        (
            #"from users | parse email with /(?<local>[^@]+)@/"#,
            #"SELECT "source", "id", "email", "first_name", "last_name", "is_active", "last_login", "row_hash", "first_sync_id", "version_sync_id", "last_seen_sync_id", regex_extract("email", ?1, ?2) AS "local" FROM (SELECT * FROM "users") AS s1"#
        ),
        (
            #"from audit_events | between 2026-11-01 and 2026-11-02"#,
            #"SELECT * FROM (SELECT * FROM "audit_events") AS s1 WHERE "created_at" >= ?1 AND "created_at" < ?2"#
        ),
        (
            #"from audit_events | new ip_address for user_id lookback 7d"#,
            #"SELECT * FROM (SELECT * FROM "audit_events") AS s1 WHERE s1."ip_address" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "audit_events" AS h WHERE h."ip_address" IS s1."ip_address" AND h."user_id" IS s1."user_id" AND h."created_at" < s1."created_at" AND h."created_at" >= time_add(s1."created_at", -?1))"#
        ),
        (
            #"from audit_events | timechart 1h count()"#,
            #"SELECT time_bin("created_at", ?1) AS "created_at", count(*) AS "count" FROM (SELECT * FROM "audit_events") AS s1 GROUP BY 1 ORDER BY 1"#
        ),
        (
            #"from users | where email == "a""#,
            #"SELECT * FROM (SELECT * FROM "users") AS s1 WHERE ("email" = ?1)"#
        ),
        (
            #"from users | project id, e = lower(email)"#,
            #"SELECT "id" AS "id", lower("email") AS "e" FROM (SELECT * FROM "users") AS s1"#
        ),
        (
            #"from users | project-away email"#,
            #"SELECT "source", "id", "first_name", "last_name", "is_active", "last_login", "row_hash", "first_sync_id", "version_sync_id", "last_seen_sync_id" FROM (SELECT * FROM "users") AS s1"#
        ),
        (
            #"from users | stats count() by is_active"#,
            #"SELECT "is_active" AS "is_active", count(*) AS "count" FROM (SELECT * FROM "users") AS s1 GROUP BY 1"#
        ),
        (
            #"from users | sort by email desc | head 2"#,
            #"SELECT * FROM (SELECT * FROM "users") AS s1 ORDER BY "email" DESC LIMIT ?1"#
        ),
        (
            #"from audit_events | since 1d"#,
            #"SELECT * FROM (SELECT * FROM "audit_events") AS s1 WHERE "created_at" >= ?1"#
        ),
        (
            #"from users | search "ali""#,
            #"SELECT * FROM (SELECT * FROM "users") AS s1 WHERE instr(lower("source"), ?1) > 0 OR instr(lower("id"), ?1) > 0 OR instr(lower("email"), ?1) > 0 OR instr(lower("first_name"), ?1) > 0 OR instr(lower("last_name"), ?1) > 0"#
        ),
        (
            #"from users | where email =~ /^a/"#,
            #"SELECT * FROM (SELECT * FROM "users") AS s1 WHERE ("email" REGEXP ?1)"#
        ),
    ])
    func operatorsCompileToTheExpectedSQL(query: String, expected: String) throws {
        #expect(try sql(query).sql == expected)
    }

    @Test func literalsAreParametersNeverSQLText() throws {
        let compiled = try sql(#"from users | where email == "x' OR 1=1 --" and first_name =~ /a"b/ | head 3"#)
        #expect(!compiled.sql.contains("OR 1=1"))
        #expect(!compiled.sql.contains("a\"b"))
        #expect(compiled.parameters == [.text("x' OR 1=1 --"), .text("a\"b"), .integer(3)])
    }

    @Test func aTimeFilterUsesTheCreatedAtIndex() throws {
        let cache = try Cache.openForReading(path: cachePath)
        for query in [
            "from action_audit_logs | where created_at >= ago(7d) | project id, namespace",
            "from action_audit_logs | since 24h | project id, namespace",
            "from action_audit_logs | between 2026-11-18 and 2026-11-19 | head 10",
        ] {
            let compiled = try sql(query)
            let plan = try CacheQuery.plan(compiled.sql, parameters: compiled.parameters, on: cache).joined(
                separator: "\n")
            #expect(plan.contains("USING INDEX action_audit_logs_by_created_at"), "\(query)\n\(plan)")
        }
    }

    @Test func aTypicalQueryCompilesFast() throws {
        // Not a timing assertion: proves compiling needs no database round trip by running it
        // many times; the figure itself comes from scripts/bench-querylang.
        let query =
            #"from audit_events | where event_type == "auth_login_success" and created_at > ago(30d) | new ip_address for user_id lookback 30d | stats count() by user_id | sort by count desc | head 10"#
        for _ in 0..<200 { _ = try sql(query) }
        #expect(try sql(query).parameters.count == 4)
    }
}
