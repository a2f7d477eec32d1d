/// Migration 5: the `timeline` view (docs/timeline.md) and the two views it is built from.
///
/// - `hunt_findings_current`: the findings of the latest run of each hunt (a re-run replaces,
///   rather than repeats, what a hunt found);
/// - `policy_changes`: one row per policy added, changed (with the fields that changed, before
///   and after) or removed between consecutive snapshots of a source;
/// - `timeline`: one row per event across the audit tables, policy changes, current findings
///   and Loki lines, in normalised columns.
///
/// The `timeline` view's arms are ``CacheSchema/timeline``; QueryLang reads them directly when a
/// query needs only some columns. The migration's text is frozen: a change to the arms comes
/// with a new migration that recreates the view, so that caches old and new agree with them.
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
            \(timeline.select(columns: timeline.columns));
            """
    }()
}
