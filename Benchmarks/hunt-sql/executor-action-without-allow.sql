-- executor-action-without-allow by hand: an executor action (not rejected) without an allowed
-- decision of its own, and no ALLOW for its requester in the 10 minutes before it for the same
-- verb ('restart' of restart_pod), namespace and workload; judged only for requesters whose
-- actions carry an allowed decision 90% of the time or more. The plain sqlite3 shell has no
-- regex_extract: the verb is what precedes the first '_', the workload what follows the last '/'.
WITH actions AS (
    SELECT created_at, id, requested_by, action_type, namespace, resource_name, status, ip_address,
           substr(action_type, 1, instr(action_type || '_', '_') - 1) AS verb
    FROM action_audit_logs
    WHERE source = 'executor' AND status != 'rejected'
      AND (policy_decision IS NULL OR json_extract(policy_decision, '$.allowed') != 1)
),
coverage AS (
    SELECT requested_by, count(*) AS actions, sum(json_extract(policy_decision, '$.allowed') = 1) AS decided
    FROM action_audit_logs
    WHERE source = 'executor' AND status != 'rejected'
    GROUP BY requested_by
),
allows AS (
    SELECT user_id, action, resource, created_at,
           substr(resource, length(rtrim(resource, replace(resource, '/', ''))) + 1) AS workload
    FROM policy_audit_logs
    WHERE result = 'allow' AND instr(resource, '/') > 0
)
SELECT a.created_at, a.id, a.requested_by, a.action_type, a.namespace, a.resource_name, a.status, a.ip_address
FROM actions a JOIN coverage c ON c.requested_by = a.requested_by
WHERE c.decided * 100 >= c.actions * 90
  AND NOT EXISTS (
      SELECT 1 FROM allows p
      WHERE p.user_id = a.requested_by
        AND p.created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', a.created_at, '-10 minutes')
        AND p.created_at <= a.created_at
        AND instr(p.resource, ':' || a.namespace || '/') > 0
        AND substr(p.action, 1, length(a.verb)) = a.verb
        AND substr(a.resource_name, 1, length(p.workload)) = p.workload)
ORDER BY a.created_at;
