import AegisAudit
import Foundation
import TestSupport

/// A small cache with known rows (the approach of QueryLangTests' `QueryFixture`), written
/// through the cache's own schema.
enum ReplFixture {
    static func makeCache() throws -> String {
        let path = try makeTemporaryDirectory("repl").appendingPathComponent("c.sqlite").path
        let cache = try Cache.openForWriting(path: path)
        var sql = "BEGIN;"
        let events: [(String, String, String?, String, String)] = [
            ("e1", "auth_login_success", "u-alice", "10.8.0.1", "2026-11-10T09:00:00.000000Z"),
            ("e2", "auth_login_failure", nil, "198.51.100.250", "2026-11-18T02:11:14.000000Z"),
            ("e3", "auth_login_failure", nil, "198.51.100.250", "2026-11-18T02:12:03.000000Z"),
            ("e4", "auth_login_success", "u-oncall", "198.51.100.250", "2026-11-18T02:14:05.000000Z"),
        ]
        for (id, type, user, ip, time) in events {
            sql += """
                INSERT INTO audit_events (source, id, event_type, user_id, details, ip_address, created_at, row_hash,
                  first_sync_id, version_sync_id, last_seen_sync_id)
                VALUES ('backend', '\(id)', '\(type)', \(user.map { "'\($0)'" } ?? "NULL"), '{}', '\(ip)', '\(time)',
                  x'00', 1, 1, 1);
                """
        }
        sql += """
            INSERT INTO users (source, id, email, first_name, is_active, row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
            VALUES ('backend', 'u-alice', 'alice@example.com', 'Alice', 1, x'00', 1, 1, 1),
                   ('backend', 'u-oncall', 'oncall@example.com', 'On-call', 1, x'00', 1, 1, 1);
            COMMIT;
            """
        try cache.run(sql)
        return path
    }
}
