/// Migration 5: the `timeline` view (docs/timeline.md) and the two views it is built from.
///
/// - `hunt_findings_current`: the findings of the latest run of each hunt (a re-run replaces,
///   rather than repeats, what a hunt found);
/// - `policy_changes`: one row per policy added, changed (with the fields that changed, before
///   and after) or removed between consecutive snapshots of a source;
/// - `timeline`: one row per event across the audit tables, policy changes, current findings
///   and Loki lines, in normalised columns.
///
/// Every arm of `timeline` selects its table's own `created_at` (Loki: `ts_ns`) unchanged as
/// `time` (`time_ns`), so that a filter on the view is pushed into each arm and reaches the
/// table's time index (`time_ns` reaches Loki's). `row_id` is the row's own key, unconverted
/// (text for the audit tables and policies, an integer for Loki entries and findings), so that
/// looking a row up by it uses the key's index. The text is frozen: later changes arrive as
/// new migrations.
extension CacheSchema {
    /// The policy columns `policy_changes` compares, in the order a change lists them.
    private static let comparedPolicyFields = [
        "name", "description", "type", "effect", "actions", "resources", "conditions", "priority", "is_active",
        "created_at", "updated_at", "created_by",
    ]

    /// A policy field's value as text in a change description (booleans as true/false).
    private static func shown(_ alias: String, _ field: String) -> String {
        if field == "is_active" {
            return "CASE \(alias).is_active WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE 'NULL' END"
        }
        return "coalesce(CAST(\(alias).\(field) AS TEXT), 'NULL')"
    }

    /// `effect deny, priority 500, ...`: what a policy that appeared or disappeared was.
    private static func describe(_ alias: String) -> String {
        ["effect", "priority", "is_active", "actions", "resources", "conditions"].map { field in
            "'\(field == "is_active" ? "active" : field) ' || \(shown(alias, field))"
        }.joined(separator: " || ', ' || ")
    }

    /// Nanoseconds since the epoch of a cache-form timestamp column.
    static func nanoseconds(_ column: String) -> String {
        "(unixepoch(\(column)) * 1000000 + CAST(substr(\(column), 21, 6) AS INTEGER)) * 1000"
    }

    /// The finding ids of current findings whose evidence names this row, as a JSON array.
    private static func findingIDs(table: String, id: String) -> String {
        """
        (SELECT nullif(json_group_array(finding_id), '[]') FROM (SELECT h.finding_id FROM hunt_evidence h
                 JOIN hunt_findings_current f ON f.id = h.finding_id
                 WHERE h.table_name = '\(table)' AND h.row_id = \(id) ORDER BY h.finding_id))
        """
    }

    /// The e-mail address of the user whose id is `id`.
    private static func email(_ id: String) -> String {
        "(SELECT u.email FROM users u WHERE u.source = 'backend' AND u.id = \(id))"
    }

    /// A member of a JSON column, NULL when the column is not valid JSON.
    private static func member(_ column: String, _ path: String) -> String {
        "json_extract(CASE WHEN json_valid(\(column)) THEN \(column) END, '\(path)')"
    }

    static let timelineViews: String = {
        let changedFields = comparedPolicyFields.map { field in
            "CASE WHEN n.\(field) IS NOT o.\(field) THEN '\(field), ' ELSE '' END"
        }.joined(separator: " || ")
        let changedValues = comparedPolicyFields.map { field in
            "CASE WHEN n.\(field) IS NOT o.\(field) THEN '\(field) ' || \(shown("o", field)) || ' → ' || "
                + "\(shown("n", field)) || '; ' ELSE '' END"
        }.joined(separator: "\n            || ")
        let pairs = """
            (SELECT s.snapshot_no, s.source, s.taken_at,
                    (SELECT max(p.snapshot_no) FROM policy_snapshots p
                     WHERE p.source = s.source AND p.snapshot_no < s.snapshot_no) AS previous_no
             FROM policy_snapshots s) pairs
            """
        let authReason = member("a.details", "$.reason")
        let authEmail = member("a.details", "$.email")
        return """
            CREATE INDEX loki_events_by_entry ON loki_events(entry_id);
            CREATE VIEW hunt_findings_current AS
                SELECT f.* FROM hunt_findings f
                WHERE f.run_id = (SELECT max(r.run_id) FROM hunt_results r WHERE r.hunt_id = f.hunt_id AND r.status = 'ran');
            CREATE VIEW policy_changes AS
                SELECT
                    CASE WHEN n.updated_at IS NOT o.updated_at AND n.updated_at <= pairs.taken_at THEN n.updated_at
                         WHEN o.id IS NULL AND coalesce(n.created_at, n.updated_at) <= pairs.taken_at
                           THEN coalesce(n.created_at, n.updated_at)
                         ELSE pairs.taken_at END AS time,
                    pairs.taken_at AS noticed_at, pairs.source AS source,
                    pairs.previous_no AS snapshot_before, pairs.snapshot_no AS snapshot_after,
                    CASE WHEN o.id IS NULL THEN 'added' ELSE 'changed' END AS change,
                    n.id AS policy_id, n.name AS name, o.effect AS effect_before, n.effect AS effect_after,
                    CASE WHEN o.id IS NULL THEN NULL ELSE rtrim(\(changedFields), ', ') END AS fields,
                    CASE WHEN o.id IS NULL THEN \(describe("n"))
                    ELSE rtrim(\(changedValues), '; ') END AS diff
                FROM \(pairs)
                JOIN policies n ON n.snapshot_no = pairs.snapshot_no
                LEFT JOIN policies o ON o.snapshot_no = pairs.previous_no AND o.id = n.id
                WHERE pairs.previous_no IS NOT NULL AND (o.id IS NULL OR o.row_hash != n.row_hash)
                UNION ALL
                SELECT pairs.taken_at, pairs.taken_at, pairs.source, pairs.previous_no, pairs.snapshot_no, 'removed',
                    o.id, o.name, o.effect, NULL, NULL, \(describe("o"))
                FROM \(pairs)
                JOIN policies o ON o.snapshot_no = pairs.previous_no
                LEFT JOIN policies n ON n.snapshot_no = pairs.snapshot_no AND n.id = o.id
                WHERE pairs.previous_no IS NOT NULL AND n.id IS NULL;
            CREATE VIEW timeline AS
                SELECT a.created_at AS time, \(nanoseconds("a.created_at")) AS time_ns,
                    'audit_events' AS source, a.source AS origin, a.event_type AS kind,
                    a.user_id AS actor, coalesce(\(email("a.user_id")), \(authEmail)) AS actor_email,
                    a.ip_address AS ip, NULL AS namespace, a.event_type AS action,
                    coalesce(a.entity_type || ':' || a.entity_id, \(authEmail)) AS target,
                    coalesce(\(authReason), CASE \(member("a.details", "$.success"))
                        WHEN 1 THEN 'success' WHEN 0 THEN 'failure' END) AS result,
                    a.event_type || coalesce(' ' || \(authEmail), '') || coalesce(' (' || \(authReason) || ')', '')
                        AS summary,
                    'audit_events' AS row_table, a.id AS row_id, \(findingIDs(table: "audit_events", id: "a.id")) AS finding_ids
                FROM audit_events a
                UNION ALL
                SELECT p.created_at, \(nanoseconds("p.created_at")),
                    'policy_audit_logs', p.source, 'policy_evaluation',
                    p.user_id, \(email("p.user_id")),
                    p.ip_address, \(member("p.context", "$.namespace")), p.action, p.resource, p.result,
                    coalesce(\(email("p.user_id")), p.user_id) || ' ' || p.action || ' ' || p.resource || ' → ' || p.result
                        || coalesce(' (' || p.reason || ')', ''),
                    'policy_audit_logs', p.id, \(findingIDs(table: "policy_audit_logs", id: "p.id"))
                FROM policy_audit_logs p
                UNION ALL
                SELECT x.created_at, \(nanoseconds("x.created_at")),
                    'action_audit_logs', x.source, 'action',
                    x.requested_by, \(email("x.requested_by")),
                    x.ip_address, x.namespace, x.action_type,
                    x.namespace || '/' || coalesce(x.resource_name, x.resource_type, '?'), x.status,
                    x.action_type || ' ' || x.namespace || '/' || coalesce(x.resource_name, x.resource_type, '?')
                        || coalesce(' by ' || coalesce(\(email("x.requested_by")), x.requested_by), '') || ': ' || x.status
                        || coalesce(' (' || x.error_message || ')', ''),
                    'action_audit_logs', x.id, \(findingIDs(table: "action_audit_logs", id: "x.id"))
                FROM action_audit_logs x
                UNION ALL
                SELECT c.time, \(nanoseconds("c.time")),
                    'policies', c.source, 'policy_' || c.change,
                    NULL, NULL, NULL, NULL, 'policy_' || c.change, c.name, coalesce(c.effect_after, c.effect_before),
                    'policy "' || c.name || '" ' || c.change || ': ' || c.diff
                        || ' (snapshot ' || c.snapshot_before || ' → ' || c.snapshot_after || ', noticed ' || c.noticed_at || ')',
                    'policies', c.policy_id, \(findingIDs(table: "policies", id: "c.policy_id"))
                FROM policy_changes c
                UNION ALL
                SELECT f.time, \(nanoseconds("f.time")),
                    'hunts', 'hunt run ' || f.run_id, 'finding',
                    coalesce(\(member("f.row", "$.user_id")), \(member("f.row", "$.requested_by"))),
                    \(member("f.row", "$.email")),
                    \(member("f.row", "$.ip_address")), \(member("f.row", "$.namespace")), f.hunt_id, NULL, f.severity,
                    f.summary,
                    'hunt_findings', f.id, json_array(f.id)
                FROM hunt_findings_current f
                WHERE f.time IS NOT NULL
                UNION ALL
                SELECT e.time, e.ts_ns,
                    'loki', e.job, coalesce((SELECT v.kind FROM loki_events v WHERE v.entry_id = e.id LIMIT 1), 'log'),
                    e.user_id, \(email("e.user_id")),
                    e.ip_address, \(member("e.fields", "$.namespace")), coalesce(e.method || ' ' || e.path, e.context),
                    e.audit_id, coalesce(CAST(e.status_code AS TEXT), e.level),
                    coalesce(e.message, substr(e.line, 1, 2000)),
                    'loki_entries', e.id, \(findingIDs(table: "loki_entries", id: "CAST(e.id AS TEXT)"))
                FROM loki_entries e;
            """
    }()
}
