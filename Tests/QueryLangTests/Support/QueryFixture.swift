import AegisAudit
import Foundation
import QueryLang
import TestSupport

/// A small cache with known rows, written directly through the cache's own schema.
enum QueryFixture {
    /// 2026-11-20T00:00:00Z: queries compile with this as "now".
    static let now = Date(timeIntervalSince1970: 1_795_132_800)

    static func makeCache() throws -> String {
        let path = try makeTemporaryDirectory("querylang").appendingPathComponent("c.sqlite").path
        let cache = try Cache.openForWriting(path: path)
        let hash = "x'00'"
        var sql = "BEGIN;"
        // audit_events: alice logs in from a known IP for a week, then from a new one.
        let events: [(String, String, String?, String, String)] = [
            ("e1", "auth_login_success", "u-alice", "10.8.0.1", "2026-11-10T09:00:00.000000Z"),
            ("e2", "auth_login_success", "u-alice", "10.8.0.1", "2026-11-12T09:00:00.000000Z"),
            ("e3", "auth_login_failure", nil, "198.51.100.250", "2026-11-18T02:11:14.000000Z"),
            ("e4", "auth_login_failure", nil, "198.51.100.250", "2026-11-18T02:12:03.000000Z"),
            ("e5", "auth_login_success", "u-oncall", "198.51.100.250", "2026-11-18T02:14:05.000000Z"),
            ("e6", "auth_login_success", "u-alice", "10.8.0.1", "2026-11-18T09:00:00.000000Z"),
            ("e7", "auth_login_success", "u-alice", "10.8.0.7", "2026-11-19T09:00:00.000000Z"),
        ]
        for (id, type, user, ip, time) in events {
            let userSQL = user.map { "'\($0)'" } ?? "NULL"
            let email =
                user == "u-alice" ? "alice@example.com" : (user == nil ? "admin@example.com" : "oncall@example.com")
            sql += """
                INSERT INTO audit_events (source, id, event_type, user_id, details, ip_address, created_at, row_hash,
                  first_sync_id, version_sync_id, last_seen_sync_id)
                VALUES ('backend', '\(id)', '\(type)', \(userSQL), '{"email": "\(email)", "success": \(type.hasSuffix("success"))}',
                  '\(ip)', '\(time)', \(hash), 1, 1, 1);
                """
        }
        let actions: [(String, String, String, String, String, String, String)] = [
            ("a1", "restart_pod", "completed", "production", "ai-engine", "10.244.1.1", "2026-11-10T10:00:00.000000Z"),
            ("a2", "restart_pod", "completed", "production", "ai-engine", "10.244.1.1", "2026-11-11T10:00:00.000000Z"),
            ("a3", "scale_deployment", "failed", "staging", "ci-deployer", "10.244.2.2", "2026-11-12T10:00:00.000000Z"),
            (
                "a4", "delete_pod", "completed", "kube-system", "ci-deployer", "198.51.100.250",
                "2026-11-18T02:18:15.000000Z"
            ),
            (
                "a5", "update_config", "completed", "kube-system", "ci-deployer", "198.51.100.250",
                "2026-11-18T02:19:45.000000Z"
            ),
            ("a6", "restart_pod", "rejected", "cert-manager", "ai-engine", "10.244.1.1", "2026-11-19T10:00:00.000000Z"),
        ]
        for (id, type, status, namespace, requester, ip, time) in actions {
            sql += """
                INSERT INTO action_audit_logs (source, id, action_type, status, namespace, resource_name, action_params,
                  requested_by, ip_address, signature, created_at, row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
                VALUES ('executor', '\(id)', '\(type)', '\(status)', '\(namespace)', 'pod-\(id)', '{"replicas": 2}',
                  '\(requester)', '\(ip)', 'sig-\(id == "a5" ? "a1" : id)', '\(time)', \(hash), 1, 1, 1);
                """
        }
        sql += """
            INSERT INTO users (source, id, email, first_name, is_active, row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
            VALUES ('backend', 'u-alice', 'alice@example.com', 'Alice', 1, \(hash), 1, 1, 1),
                   ('backend', 'u-oncall', 'oncall@example.com', 'On-call', 1, \(hash), 1, 1, 1);
            COMMIT;
            """
        try cache.run(sql)
        return path
    }

    /// The catalog of the cache at `path`.
    static func catalog(of path: String) throws -> Catalog {
        try Catalog.load(from: Cache.openForReading(path: path))
    }

    /// Compiles and runs `query` on `path`; rows as arrays of values.
    static func rows(_ query: String, cache path: String) throws -> [[CacheValue]] {
        let cache = try Cache.openForReading(path: path)
        let compiled = try QueryCompiler.compile(query, catalog: try Catalog.load(from: cache), now: now)
        let sink = CollectingSink()
        try CacheQuery.run(compiled.sql, parameters: compiled.parameters, on: cache, into: sink)
        return sink.rows
    }
}

/// Keeps every row in memory (tests only).
final class CollectingSink: RowSink {
    var columns: [ResultColumn] = []
    var rows: [[CacheValue]] = []
    func begin(columns: [ResultColumn]) throws { self.columns = columns }
    func write(row: [CacheValue]) throws { rows.append(row) }
    func finish() throws {}
}

extension CacheValue {
    /// The value as text, for compact assertions.
    var text: String {
        switch self {
        case .null: return "NULL"
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .text(let text): return text
        case .blob(let bytes): return bytes.map { String($0) }.joined(separator: ",")
        }
    }
}
