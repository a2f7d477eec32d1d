-- hunt-args: --leak-time 2026-10-25T06:00:00Z
-- leak-active-principals by hand: every principal (e-mail when the user is known, else the actor)
-- active from the leak time on, with its first and last activity, addresses and namespaces.
WITH activity AS (
    SELECT created_at AS time, 'action_audit_logs' AS source, requested_by AS actor, NULL AS email,
           ip_address AS ip, namespace
    FROM action_audit_logs WHERE created_at >= '2026-10-25T06:00:00.000000Z' AND requested_by IS NOT NULL
    UNION ALL
    SELECT created_at, 'audit_events', user_id, json_extract(CASE WHEN json_valid(details) THEN details END, '$.email'),
           ip_address, NULL
    FROM audit_events WHERE created_at >= '2026-10-25T06:00:00.000000Z' AND user_id IS NOT NULL
    UNION ALL
    SELECT created_at, 'policy_audit_logs', user_id, NULL, ip_address, json_extract(context, '$.namespace')
    FROM policy_audit_logs WHERE created_at >= '2026-10-25T06:00:00.000000Z' AND user_id IS NOT NULL
    UNION ALL
    SELECT time, 'loki', user_id, NULL, ip_address, json_extract(fields, '$.namespace')
    FROM loki_entries WHERE ts_ns >= unixepoch('2026-10-25T06:00:00Z') * 1000000000 AND user_id IS NOT NULL
),
named AS (
    SELECT a.*, lower(coalesce(u.email, a.email, a.actor)) AS principal
    FROM activity a LEFT JOIN users u ON u.source = 'backend' AND u.id = a.actor
)
SELECT principal, min(time) AS first_seen, max(time) AS last_seen, count(*) AS events,
       group_concat(DISTINCT actor) AS actors, group_concat(DISTINCT source) AS sources,
       count(DISTINCT ip) AS addresses, group_concat(DISTINCT ip) AS ips,
       group_concat(DISTINCT namespace) AS namespaces
FROM named
GROUP BY principal
ORDER BY first_seen;
