/// The `timeline` view (docs/timeline.md) as a ``UnionView``: one arm per source (audit events,
/// policy evaluations, executor actions, policy changes, current findings, Loki lines), each in
/// the same normalised columns.
///
/// Every arm selects its table's own `created_at` (Loki: `ts_ns`) unchanged as `time`
/// (`time_ns`), so that a filter on the view is pushed into each arm and reaches the table's time
/// index (`time_ns` reaches Loki's). `row_id` is the row's own key, unconverted (text for the
/// audit tables and policies, an integer for Loki entries and findings), so that looking a row
/// up by it uses the key's index.
extension CacheSchema {
    static let timeline = UnionView(
        name: "timeline",
        columns: [
            "time", "time_ns", "source", "origin", "kind", "actor", "actor_email", "ip", "namespace", "action", "target",
            "result", "summary", "row_table", "row_id", "finding_ids",
        ],
        arms: [auditEventsArm, policyEvaluationsArm, actionsArm, policyChangesArm, findingsArm, lokiArm])

    private static let auditEventsArm: UnionView.Arm = {
        let reason = member("a.details", "$.reason")
        let authEmail = member("a.details", "$.email")
        return UnionView.Arm(
            expressions: [
                "a.created_at", nanoseconds("a.created_at"), "'audit_events'", "a.source", "a.event_type",
                "a.user_id", "coalesce(\(email("a.user_id")), \(authEmail))",
                "a.ip_address", "NULL", "a.event_type",
                "coalesce(a.entity_type || ':' || a.entity_id, \(authEmail))",
                "coalesce(\(reason), CASE \(member("a.details", "$.success")) WHEN 1 THEN 'success' WHEN 0 THEN 'failure' END)",
                "a.event_type || coalesce(' ' || \(authEmail), '') || coalesce(' (' || \(reason) || ')', '')",
                "'audit_events'", "a.id", findingIDs(table: "audit_events", id: "a.id"),
            ],
            from: "audit_events a")
    }()

    private static let policyEvaluationsArm = UnionView.Arm(
        expressions: [
            "p.created_at", nanoseconds("p.created_at"), "'policy_audit_logs'", "p.source", "'policy_evaluation'",
            "p.user_id", email("p.user_id"),
            "p.ip_address", member("p.context", "$.namespace"), "p.action", "p.resource", "p.result",
            "coalesce(\(email("p.user_id")), p.user_id) || ' ' || p.action || ' ' || p.resource || ' → ' || p.result"
                + " || coalesce(' (' || p.reason || ')', '')",
            "'policy_audit_logs'", "p.id", findingIDs(table: "policy_audit_logs", id: "p.id"),
        ],
        from: "policy_audit_logs p")

    private static let actionsArm: UnionView.Arm = {
        let target = "x.namespace || '/' || coalesce(x.resource_name, x.resource_type, '?')"
        return UnionView.Arm(
            expressions: [
                "x.created_at", nanoseconds("x.created_at"), "'action_audit_logs'", "x.source", "'action'",
                "x.requested_by", email("x.requested_by"),
                "x.ip_address", "x.namespace", "x.action_type", target, "x.status",
                "x.action_type || ' ' || \(target)"
                    + " || coalesce(' by ' || coalesce(\(email("x.requested_by")), x.requested_by), '') || ': ' || x.status"
                    + " || coalesce(' (' || x.error_message || ')', '')",
                "'action_audit_logs'", "x.id", findingIDs(table: "action_audit_logs", id: "x.id"),
            ],
            from: "action_audit_logs x")
    }()

    private static let policyChangesArm = UnionView.Arm(
        expressions: [
            "c.time", nanoseconds("c.time"), "'policies'", "c.source", "'policy_' || c.change",
            "NULL", "NULL", "NULL", "NULL", "'policy_' || c.change", "c.name", "coalesce(c.effect_after, c.effect_before)",
            "'policy \"' || c.name || '\" ' || c.change || ': ' || c.diff"
                + " || ' (snapshot ' || c.snapshot_before || ' → ' || c.snapshot_after || ', noticed ' || c.noticed_at || ')'",
            "'policies'", "c.policy_id", findingIDs(table: "policies", id: "c.policy_id"),
        ],
        from: "policy_changes c")

    private static let findingsArm = UnionView.Arm(
        expressions: [
            "f.time", nanoseconds("f.time"), "'hunts'", "'hunt run ' || f.run_id", "'finding'",
            "coalesce(\(member("f.row", "$.user_id")), \(member("f.row", "$.requested_by")))",
            member("f.row", "$.email"),
            member("f.row", "$.ip_address"), member("f.row", "$.namespace"), "f.hunt_id", "NULL", "f.severity",
            "f.summary",
            "'hunt_findings'", "f.id", "json_array(f.id)",
        ],
        from: "hunt_findings_current f\n    WHERE f.time IS NOT NULL")

    private static let lokiArm = UnionView.Arm(
        expressions: [
            "e.time", "e.ts_ns", "'loki'", "e.job",
            "coalesce((SELECT v.kind FROM loki_events v WHERE v.entry_id = e.id LIMIT 1), 'log')",
            "e.user_id", email("e.user_id"),
            "e.ip_address", member("e.fields", "$.namespace"), "coalesce(e.method || ' ' || e.path, e.context)",
            "e.audit_id", "coalesce(CAST(e.status_code AS TEXT), e.level)",
            "coalesce(e.message, substr(e.line, 1, 2000))",
            "'loki_entries'", "e.id", findingIDs(table: "loki_entries", id: "CAST(e.id AS TEXT)"),
        ],
        from: "loki_entries e")

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
}
