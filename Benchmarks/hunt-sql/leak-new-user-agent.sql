-- hunt-args: --leak-time 2026-10-25T06:00:00Z
-- leak-new-user-agent by hand: user agents of audit events and policy evaluations from the leak
-- time on that none carried in the 30 days before it (everyone's: no principal given).
WITH agents AS (
    SELECT created_at AS time, user_agent, coalesce(json_extract(details, '$.email'), user_id) AS actor,
           ip_address, 'audit_events:' || id AS ref
    FROM audit_events WHERE user_agent IS NOT NULL AND created_at >= '2026-09-25T06:00:00.000000Z'
    UNION ALL
    SELECT created_at, user_agent, user_id, ip_address, 'policy_audit_logs:' || id
    FROM policy_audit_logs WHERE user_agent IS NOT NULL AND created_at >= '2026-09-25T06:00:00.000000Z'
)
SELECT min(time) AS first_seen, user_agent, count(*) AS uses, max(time) AS last_seen,
       group_concat(DISTINCT actor) AS actors, group_concat(DISTINCT ip_address) AS ips, group_concat(ref) AS refs
FROM agents
WHERE time >= '2026-10-25T06:00:00.000000Z'
  AND user_agent NOT IN (SELECT user_agent FROM agents WHERE time < '2026-10-25T06:00:00.000000Z')
GROUP BY user_agent
ORDER BY first_seen;
