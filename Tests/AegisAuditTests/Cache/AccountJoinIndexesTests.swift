import AegisAudit
import Foundation
import TestSupport
import Testing

/// Schema 7: audit events by the e-mail address in their details, spelled as QueryLang's
/// `details.email` compiles, and safe with text that is not JSON; policy evaluations by user
/// and time.
struct AccountJoinIndexesTests {
    static let index = "audit_events_by_details_email_created_at"
    static let policyIndex = "policy_audit_logs_by_user_id_created_at"

    @Test func anActorsDecisionsAroundATimeAreFoundByIndex() throws {
        let path = try makeTemporaryDirectory("schema7").appendingPathComponent("c.sqlite").path
        try Cache.openForWriting(path: path).run("DROP INDEX \(Self.policyIndex); PRAGMA user_version = 6;")
        let cache = try Cache.openForWriting(path: path)
        let plan = try cache.database.prepare(
            """
            EXPLAIN QUERY PLAN SELECT id FROM policy_audit_logs
            WHERE user_id = 'ci-deployer' AND created_at >= '2026-11-01' AND created_at <= '2026-11-02'
            """)
        var details: [String] = []
        while try plan.step() { details.append(plan.text(3) ?? "") }
        #expect(details.contains { $0.contains("\(Self.policyIndex) (user_id=? AND created_at>? AND created_at<?)") }, "\(details)")
    }

    @Test func aVersionSixCacheGainsTheIndexAndJoinsByItTolerateBrokenJSON() throws {
        let path = try makeTemporaryDirectory("schema7").appendingPathComponent("c.sqlite").path
        try Cache.openForWriting(path: path).run("DROP INDEX \(Self.index); PRAGMA user_version = 6;")
        let cache = try Cache.openForWriting(path: path)
        #expect(try cache.schemaVersion >= 7)
        // A row whose details are not JSON must not break the index (or the sync that fills it).
        try cache.run(
            """
            INSERT INTO audit_events (source, id, event_type, details, created_at, row_hash, first_sync_id,
                version_sync_id, last_seen_sync_id)
            VALUES ('backend', 'a', 'auth_login_failure', '{"email": "x@example.com"}', '2026-11-01T00:00:00.000000Z', x'00', 1, 1, 1),
                   ('backend', 'b', 'auth_login_failure', 'not json {', '2026-11-01T00:00:01.000000Z', x'00', 1, 1, 1);
            """)
        let member = CanonicalTable.jsonMember("details", ["email"])
        let plan = try cache.database.prepare(
            "EXPLAIN QUERY PLAN SELECT id FROM audit_events WHERE \(member) = 'x@example.com' AND created_at > ''")
        var details: [String] = []
        while try plan.step() { details.append(plan.text(3) ?? "") }
        #expect(details.contains { $0.contains(Self.index) }, "\(details)")
        #expect(try cache.database.text("SELECT group_concat(id) FROM audit_events WHERE \(member) = 'x@example.com'") == "a")
    }
}
