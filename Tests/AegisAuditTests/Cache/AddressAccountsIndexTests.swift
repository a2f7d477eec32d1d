import AegisAudit
import Foundation
import TestSupport
import Testing

/// Schema 8: audit events by address, time and user, so that per-address figures (first seen,
/// accounts) come from the index without reading the rows.
struct AddressAccountsIndexTests {
    static let index = "audit_events_by_ip_address_created_at_user_id"

    @Test func aVersionSevenCacheTradesTheOldIndexForTheCoveringOne() throws {
        let path = try makeTemporaryDirectory("schema8").appendingPathComponent("c.sqlite").path
        try Cache.openForWriting(path: path).run(
            """
            DROP INDEX \(Self.index);
            CREATE INDEX audit_events_by_ip_address_created_at ON audit_events(ip_address, created_at);
            PRAGMA user_version = 7;
            """)
        let cache = try Cache.openForWriting(path: path)
        #expect(try cache.schemaVersion >= 8)
        let names = try cache.database.text(
            "SELECT group_concat(name) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'audit_events_by_ip%'")
        #expect(names == Self.index)
        let plan = try cache.database.prepare(
            """
            EXPLAIN QUERY PLAN SELECT ip_address, min(created_at), count(DISTINCT user_id) FROM audit_events
            WHERE ip_address IS NOT NULL GROUP BY ip_address
            """)
        var details: [String] = []
        while try plan.step() { details.append(plan.text(3) ?? "") }
        #expect(details.contains { $0.contains("COVERING INDEX \(Self.index)") }, "\(details)")
    }
}
