-- executor-new-namespace-for-requester by hand: an executor action in a namespace its requester
-- did not touch in the 30 days before it, from 7 days after the first action on (the warm-up).
WITH actions AS (
    SELECT created_at, id, namespace, requested_by, action_type, resource_name, status, ip_address,
           lag(created_at) OVER (PARTITION BY requested_by, namespace ORDER BY created_at) AS previous_at
    FROM action_audit_logs
    WHERE source = 'executor' AND namespace IS NOT NULL
)
SELECT created_at, id, namespace, requested_by, action_type, resource_name, status, ip_address
FROM actions
WHERE (previous_at IS NULL OR previous_at < strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '-30 days'))
  AND created_at >= (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', min(created_at), '+7 days')
                     FROM action_audit_logs WHERE source = 'executor')
ORDER BY created_at;
