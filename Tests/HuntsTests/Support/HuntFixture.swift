import AegisAudit
import Foundation
import Hunts
import QueryLang
import TestSupport

/// Rows to plant in a test cache, written directly through the cache's own schema (as
/// QueryLang's fixture does). Times are given as days and minutes after 2026-11-01T00:00Z.
struct HuntRows {
    private(set) var sql = ""
    private var lokiEntries = 0

    /// `2026-11-01` plus `day` days and `minute` minutes, in the cache form.
    static func time(_ day: Int, _ minute: Int = 0) -> String {
        CacheTime.text(microseconds: (1_793_491_200 + Int64(day) * 86_400 + Int64(minute) * 60) * 1_000_000)
    }

    private static func quoted(_ text: String?) -> String {
        text.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
    }

    mutating func event(
        _ id: String, _ type: String, user: String?, email: String, ip: String, day: Int, minute: Int = 0
    ) {
        let details = #"{"email": "\#(email)", "success": \#(type.hasSuffix("success"))}"#
        sql += """
            INSERT INTO audit_events (source, id, event_type, user_id, details, ip_address, user_agent, created_at,
              row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
            VALUES ('backend', '\(id)', '\(type)', \(Self.quoted(user)), '\(details)', '\(ip)', 'test-agent',
              '\(Self.time(day, minute))', x'00', 1, 1, 1);

            """
    }

    mutating func action(
        _ id: String, namespace: String, requester: String, status: String = "completed", ip: String = "10.244.1.1",
        signature: String? = nil, day: Int, minute: Int = 0, source: String = "executor", type: String = "restart_pod",
        parameters: String? = nil, decision: String? = nil
    ) {
        sql += """
            INSERT INTO action_audit_logs (source, id, action_type, status, namespace, resource_name, action_params,
              requested_by, policy_decision, ip_address, signature, created_at, row_hash, first_sync_id, version_sync_id,
              last_seen_sync_id)
            VALUES ('\(source)', '\(id)', '\(type)', '\(status)', '\(namespace)', 'pod-\(id)', \(Self.quoted(parameters)),
              '\(requester)', \(Self.quoted(decision)), '\(ip)', \(Self.quoted(signature ?? "sig-\(id)")),
              '\(Self.time(day, minute))', x'00', 1, 1, 1);

            """
    }

    mutating func decision(
        _ id: String, user: String, action: String, resource: String, result: String, applied: [String] = [], day: Int,
        minute: Int = 0
    ) {
        let policies = "[" + applied.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        sql += """
            INSERT INTO policy_audit_logs (source, id, user_id, action, resource, result, applied_policies, ip_address,
              created_at, row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
            VALUES ('backend', '\(id)', '\(user)', '\(action)', '\(resource)', '\(result)', '\(policies)', '10.244.7.7',
              '\(Self.time(day, minute))', x'00', 1, 1, 1);

            """
    }

    /// A policy in snapshot 1, last updated at the given time.
    mutating func policy(_ id: String, name: String, effect: String, updatedDay: Int, minute: Int = 0) {
        sql += """
            INSERT OR IGNORE INTO policy_snapshots (snapshot_no, sync_id, source, taken_at, policy_count, snapshot_hash)
            VALUES (1, 1, 'backend', '\(Self.time(30))', 1, x'00');
            INSERT INTO policies (snapshot_no, source, id, name, effect, created_at, updated_at, row_hash)
            VALUES (1, 'backend', '\(id)', '\(name)', '\(effect)', '\(Self.time(0))', '\(Self.time(updatedDay, minute))',
              x'00');

            """
    }

    /// A backend Loki line: an AuthService text line with a typed event (`tokens_refreshed` for
    /// `user`), or an HTTP access line for `path` from `ip`; `second` offsets it within the minute.
    mutating func backendLine(
        event: String? = nil, user: String? = nil, path: String? = nil, ip: String? = nil, day: Int, minute: Int = 0,
        second: Int = 0
    ) {
        lokiEntries += 1
        let microseconds = (1_793_491_200 + Int64(day) * 86_400 + Int64(minute) * 60 + Int64(second)) * 1_000_000
        let time = CacheTime.text(microseconds: microseconds)
        sql += """
            INSERT OR IGNORE INTO loki_streams (id, labels, job, first_sync_id)
            VALUES (2, '{"job":"aegis-backend"}', 'aegis-backend', 1);
            INSERT INTO loki_entries (id, stream_id, ts_ns, time, line, format, job, user_id, ip_address, path,
              entry_hash, first_sync_id)
            VALUES (\(lokiEntries), 2, \(microseconds * 1000), '\(time)', 'line \(lokiEntries)', 'nestjs', 'aegis-backend',
              \(Self.quoted(user)), \(Self.quoted(ip)), \(Self.quoted(path)), x'\(String(format: "%04x", lokiEntries))', 1);

            """
        if let event {
            sql += """
                INSERT INTO loki_events (entry_id, kind, subject_id, ts_ns, time)
                VALUES (\(lokiEntries), '\(event)', \(Self.quoted(user)), \(microseconds * 1000), '\(time)');

                """
        }
    }

    /// An executor audit line in Loki naming `auditID`.
    mutating func lokiLine(auditID: String, day: Int, minute: Int = 0) {
        lokiEntries += 1
        let time = Self.time(day, minute)
        sql += """
            INSERT OR IGNORE INTO loki_streams (id, labels, job, first_sync_id)
            VALUES (1, '{"job":"aegis-executor"}', 'aegis-executor', 1);
            INSERT INTO loki_entries (id, stream_id, ts_ns, time, line, format, job, audit_id, entry_hash, first_sync_id)
            VALUES (\(lokiEntries), 1, \(lokiEntries), '\(time)', '{"audit_id":"\(auditID)"}', 'json', 'aegis-executor',
              '\(auditID)', x'\(String(format: "%04x", lokiEntries))', 1);

            """
    }
}

/// Builds caches from ``HuntRows`` and runs hunts of `queries/` on them.
enum HuntFixture {
    /// 2026-12-01T00:00Z: "now" for every test run.
    static let now = Date(timeIntervalSince1970: 1_796_083_200)

    /// The hunt files of the package.
    static let library: HuntLibrary = {
        let directory = GeneratedData.packageRoot.appendingPathComponent("queries").path
        return try! HuntLibrary.load(directory: directory)
    }()

    /// A new cache holding `rows`.
    static func cache(_ rows: HuntRows) throws -> String {
        let path = try makeTemporaryDirectory("hunts").appendingPathComponent("c.sqlite").path
        let cache = try Cache.openForWriting(path: path)
        try cache.run("BEGIN;\n" + rows.sql + "COMMIT;")
        return path
    }

    /// Runs one hunt on a cache holding `rows`.
    static func run(
        _ id: String, _ rows: HuntRows, parameters: [String: String] = [:],
        context: InvestigationContext = InvestigationContext()
    ) throws -> HuntOutcome {
        let path = try cache(rows)
        let runner = HuntRunner(context: context, overrides: parameters, now: now)
        return try runner.run(library.select([id]), on: Cache.openForReading(path: path))[0]
    }

    /// The findings' evidence ids, sorted, one array per finding.
    static func evidence(_ outcome: HuntOutcome) -> [[String]] {
        outcome.findings.map { $0.evidence.map(\.id).sorted() }
    }
}
