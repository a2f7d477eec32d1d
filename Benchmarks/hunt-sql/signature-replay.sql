-- signature-replay by hand: an HMAC signature on more than one executor action. The repeated
-- signatures come first from the signature index alone; only their rows are read.
WITH repeated AS (
    SELECT signature FROM action_audit_logs
    WHERE signature IS NOT NULL
    GROUP BY signature
    HAVING count(*) > 1
)
SELECT a.signature, count(DISTINCT a.id) AS uses, min(a.created_at) AS first_at, max(a.created_at) AS last_at,
       group_concat(DISTINCT a.id) AS ids, group_concat(DISTINCT a.ip_address) AS ips,
       group_concat(DISTINCT a.requested_by) AS requesters, group_concat(DISTINCT a.status) AS statuses
FROM repeated r
JOIN action_audit_logs a ON a.signature = r.signature
WHERE a.source = 'executor'
GROUP BY a.signature
HAVING count(DISTINCT a.id) > 1
ORDER BY last_at;
