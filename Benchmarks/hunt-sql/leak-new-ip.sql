-- hunt-args: --leak-time 2026-10-25T06:00:00Z
-- leak-new-ip by hand: addresses seen anywhere from the leak time on that nothing carried in
-- the 30 days before it (everyone's activity: no principal given).
WITH activity AS (
    SELECT created_at AS time, 'action_audit_logs' AS source, requested_by AS actor, ip_address AS ip,
           'action_audit_logs:' || id AS ref
    FROM action_audit_logs WHERE ip_address IS NOT NULL AND created_at >= '2026-09-25T06:00:00.000000Z'
    UNION ALL
    SELECT created_at, 'audit_events', user_id, ip_address, 'audit_events:' || id
    FROM audit_events WHERE ip_address IS NOT NULL AND created_at >= '2026-09-25T06:00:00.000000Z'
    UNION ALL
    SELECT created_at, 'policy_audit_logs', user_id, ip_address, 'policy_audit_logs:' || id
    FROM policy_audit_logs WHERE ip_address IS NOT NULL AND created_at >= '2026-09-25T06:00:00.000000Z'
    UNION ALL
    SELECT time, 'loki', user_id, ip_address, 'loki_entries:' || id
    FROM loki_entries WHERE ip_address IS NOT NULL AND ts_ns >= unixepoch('2026-09-25T06:00:00Z') * 1000000000
)
SELECT min(time) AS first_seen, ip AS ip_address, count(*) AS uses, max(time) AS last_seen,
       group_concat(DISTINCT coalesce(actor, '(no actor)')) AS actors, group_concat(DISTINCT source) AS sources,
       group_concat(ref) AS refs
FROM activity
WHERE time >= '2026-10-25T06:00:00.000000Z'
  AND ip NOT IN (SELECT ip FROM activity WHERE time < '2026-10-25T06:00:00.000000Z')
GROUP BY ip
ORDER BY first_seen;
