import AegisSources

/// Who changed a policy, from the only record of it: Loki's NestJS HTTP lines
/// (`PUT|PATCH|DELETE /api/v1/policy/<id>`, with address and user agent), the `Policy updated:
/// <name> (<id>)` lines of the PolicyService, and, for a new policy whose id no request
/// names, the `POST /api/v1/policy` lines of the window. When there is none, it says whether
/// Loki was synced for the window at all.
public struct PolicyChangeAttribution {
    /// A time window in nanoseconds, `(after, until]`, either end open.
    struct Window {
        var after: Int64?
        var until: Int64?

        var text: String {
            switch (after, until) {
            case (let start?, let end?):
                return "\(CacheTime.text(nanoseconds: start)) – \(CacheTime.text(nanoseconds: end))"
            case (let start?, nil): return "after \(CacheTime.text(nanoseconds: start))"
            case (nil, let end?): return "up to \(CacheTime.text(nanoseconds: end))"
            case (nil, nil): return "any time"
            }
        }
    }

    /// What was found: a one-line summary and the lines as a JSON array.
    struct Result {
        let summary: String
        let requests: String
    }

    /// At most this many lines per policy.
    public static let maximumLines = 20

    private let byID: CacheStatement?
    private let creations: CacheStatement?
    private let coverage: CacheStatement?

    init(cache: Cache) throws {
        let tables = try CacheStatement(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('loki_events', 'loki_windows')",
            cache: cache)
        _ = try tables.step()
        guard tables.int64(0) == 2 else {
            (byID, creations, coverage) = (nil, nil, nil)
            return
        }
        let columns = """
            v.kind, e.id, e.ts_ns, e.method, e.path, e.status_code, e.ip_address,
              coalesce(json_extract(CASE WHEN json_valid(e.fields) THEN e.fields END, '$.userAgent'),
                       json_extract(CASE WHEN json_valid(e.fields) THEN e.fields END, '$.user_agent')),
              e.user_id, coalesce(e.message, substr(e.line, 1, 500)), e.job
            FROM loki_events v JOIN loki_entries e ON e.id = v.entry_id
            """
        byID = try CacheStatement(
            """
            SELECT \(columns)
            WHERE v.subject_id = ?1 AND v.kind IN ('policy_change_request', 'policy_updated')
              AND v.ts_ns > ?2 AND v.ts_ns <= ?3
            ORDER BY v.ts_ns, e.id LIMIT \(Self.maximumLines + 1)
            """, cache: cache)
        creations = try CacheStatement(
            """
            SELECT \(columns)
            WHERE v.kind = 'policy_create_request' AND v.ts_ns > ?1 AND v.ts_ns <= ?2
            ORDER BY v.ts_ns, e.id LIMIT \(Self.maximumLines + 1)
            """, cache: cache)
        coverage = try CacheStatement(
            "SELECT count(*) FROM loki_windows WHERE start_ns < ?2 AND end_ns > ?1", cache: cache)
    }

    /// The lines about policy `id` (nil: unknown) in `windows`; for a policy that was added,
    /// also the creation requests of the windows.
    func attribute(policyID id: String?, added: Bool, windows: [Window]) throws -> Result {
        guard let byID, let creations, let coverage else {
            return Result(summary: "no Loki record: the cache holds no Loki data (sync with --loki)", requests: "[]")
        }
        var found: [(time: Int64, entry: Int64, json: String, text: String)] = []
        var more = false
        func collect(_ statement: CacheStatement) throws {
            while try statement.step() {
                let entry = statement.int64(1)
                if found.contains(where: { $0.entry == entry }) { continue }
                if found.count == Self.maximumLines {
                    more = true
                    return
                }
                let (json, text) = Self.describe(statement)
                found.append((statement.int64(2), entry, json, text))
            }
        }
        for window in windows {
            let start = window.after ?? Int64.min
            let end = window.until ?? Int64.max
            if let id {
                byID.rebind([.text(id), .integer(start), .integer(end)])
                try collect(byID)
            }
            if added {
                creations.rebind([.integer(start), .integer(end)])
                try collect(creations)
            }
        }
        if found.isEmpty {
            var reasons: [String] = []
            for window in windows {
                coverage.rebind([.integer(window.after ?? Int64.min), .integer(window.until ?? Int64.max)])
                _ = try coverage.step()
                reasons.append(
                    coverage.int64(0) == 0
                        ? "Loki was not synced for \(window.text)"
                        : "no request on this policy in the Loki lines synced for \(window.text)")
            }
            let unknown = id == nil && !added ? "its id is unknown; " : ""
            return Result(summary: "no Loki record: " + unknown + reasons.joined(separator: "; "), requests: "[]")
        }
        found.sort { ($0.time, $0.entry) < ($1.time, $1.entry) }
        let tail = more ? "; more than \(Self.maximumLines) lines, the first \(Self.maximumLines) shown" : ""
        return Result(
            summary: found.map(\.text).joined(separator: "; ") + tail,
            requests: "[" + found.map(\.json).joined(separator: ",") + "]")
    }

    /// One line as a JSON object and as text: `PUT /api/v1/policy/<id> 200 from 198.51.100.250
    /// (curl/8.4.0) at <time>`, or the message of a line that is not a request.
    private static func describe(_ row: CacheStatement) -> (String, String) {
        let kind = row.text(0) ?? ""
        let time = CacheTime.text(nanoseconds: row.int64(2))
        let method = row.text(3)
        let path = row.text(4)
        let status = row.isNull(5) ? nil : String(row.int64(5))
        let ip = row.text(6)
        let agent = row.text(7)
        let user = row.text(8)
        let message = row.text(9)
        var members: [(String, String?)] = [
            ("time", time), ("kind", kind), ("method", method), ("path", path), ("status", status), ("ip", ip),
            ("user_agent", agent), ("user_id", user), ("job", row.text(10)),
        ]
        if method == nil { members.append(("message", message)) }
        let json =
            "{\"loki_entry_id\":\(row.int64(1)),"
            + members.map { "\(JSONText.string($0.0)):\($0.1.map(JSONText.string) ?? "null")" }.joined(separator: ",")
            + "}"
        let text = lineText(
            method: method, path: path, status: status, ip: ip, userAgent: agent, userID: user,
            message: message ?? kind)
        return (json, text + " at " + time)
    }

    /// A Loki line about a policy as text: `PUT /api/v1/policy/<id> 200 from 198.51.100.250
    /// (curl/8.4.0)`, or the message of a line that is not a request.
    public static func lineText(
        method: String?, path: String?, status: String?, ip: String?, userAgent: String?, userID: String?,
        message: String
    ) -> String {
        guard let method, let path else { return message }
        var text = "\(method) \(path)" + (status.map { " \($0)" } ?? "") + " from \(ip ?? "an unknown address")"
        if let userAgent { text += " (\(userAgent))" }
        if let userID { text += " user \(userID)" }
        return text
    }
}
