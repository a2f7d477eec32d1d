import AegisAudit
import Foundation
import TestSupport
import Testing

/// Schema 6: the index behind `new namespace for requested_by`.
struct RequesterNamespaceIndexTests {
    static let index = "action_audit_logs_by_requested_by_namespace_created_at"

    @Test func aVersionFiveCacheGainsTheIndex() throws {
        let path = try makeTemporaryDirectory("schema6").appendingPathComponent("c.sqlite").path
        try Cache.openForWriting(path: path).run("DROP INDEX \(Self.index); PRAGMA user_version = 5;")
        let reopened = try Cache.openForWriting(path: path)
        #expect(try reopened.schemaVersion >= 6)
        #expect(try reopened.database.integer("SELECT count(*) FROM sqlite_schema WHERE name = ?1", [Self.index]) == 1)
    }

    @Test func theFirstSeenProbeSeeksItInsteadOfWalkingTheRequestersHistory() throws {
        let path = try makeTemporaryDirectory("schema6").appendingPathComponent("c.sqlite").path
        let cache = try Cache.openForWriting(path: path)
        // The probe QueryLang's `new namespace for source, requested_by` compiles to.
        let plan = try cache.database.prepare(
            """
            EXPLAIN QUERY PLAN SELECT * FROM action_audit_logs AS a WHERE NOT EXISTS (
                SELECT 1 FROM action_audit_logs AS h WHERE h.namespace IS a.namespace AND h.source IS a.source
                AND h.requested_by IS a.requested_by AND h.created_at < a.created_at
                AND h.created_at >= time_add(a.created_at, -86400.0))
            """)
        var details: [String] = []
        while try plan.step() { details.append(plan.text(3) ?? "") }
        #expect(
            details.contains { $0.contains("\(Self.index) (requested_by=? AND namespace=? AND created_at>? AND created_at<?)") },
            "\(details)")
    }
}
