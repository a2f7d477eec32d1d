-- action-without-loki-line by hand: executor actions no Loki line names, in hours in which Loki
-- holds lines for at least 90 percent of the executor's actions.
WITH actions AS (
    SELECT a.created_at, a.id, a.namespace, a.requested_by, a.action_type, a.resource_name, a.status,
           substr(a.created_at, 1, 13) AS hour,
           EXISTS (SELECT 1 FROM loki_entries e WHERE e.audit_id = a.id) AS logged
    FROM action_audit_logs a
    WHERE a.source = 'executor'
),
hours AS (
    SELECT hour, count(*) AS actions, sum(logged) AS logged FROM actions GROUP BY hour
)
SELECT a.created_at, a.id, a.namespace, a.requested_by, a.action_type, a.resource_name, a.status,
       a.hour, h.logged, h.actions
FROM actions a JOIN hours h ON h.hour = a.hour
WHERE NOT a.logged AND h.logged * 100 >= h.actions * 90
ORDER BY a.created_at;
