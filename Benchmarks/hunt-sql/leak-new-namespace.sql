-- hunt-args: --leak-time 2026-10-25T06:00:00Z
-- leak-new-namespace by hand: namespaces touched from the leak time on that nothing touched in
-- the 30 days before it (everyone's activity: no principal given).
WITH activity AS (
    SELECT created_at AS time, 'action_audit_logs' AS source, requested_by AS actor, namespace,
           'action_audit_logs:' || id AS ref
    FROM action_audit_logs WHERE namespace IS NOT NULL AND created_at >= '2026-09-25T06:00:00.000000Z'
    UNION ALL
    SELECT created_at, 'policy_audit_logs', user_id, json_extract(context, '$.namespace'), 'policy_audit_logs:' || id
    FROM policy_audit_logs
    WHERE json_extract(context, '$.namespace') IS NOT NULL AND created_at >= '2026-09-25T06:00:00.000000Z'
    UNION ALL
    SELECT time, 'loki', user_id, json_extract(fields, '$.namespace'), 'loki_entries:' || id
    FROM loki_entries
    WHERE json_extract(fields, '$.namespace') IS NOT NULL AND ts_ns >= unixepoch('2026-09-25T06:00:00Z') * 1000000000
)
SELECT min(time) AS first_seen, namespace, count(*) AS uses, max(time) AS last_seen,
       group_concat(DISTINCT coalesce(actor, '(no actor)')) AS actors, group_concat(DISTINCT source) AS sources,
       group_concat(ref) AS refs
FROM activity
WHERE time >= '2026-10-25T06:00:00.000000Z'
  AND namespace NOT IN (SELECT namespace FROM activity WHERE time < '2026-10-25T06:00:00.000000Z')
GROUP BY namespace
ORDER BY first_seen;
