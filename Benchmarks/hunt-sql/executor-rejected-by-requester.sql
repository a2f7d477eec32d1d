-- executor-rejected-by-requester by hand: rejected executor actions per requester.
SELECT requested_by, count(*) AS rejected, min(created_at) AS first_at, max(created_at) AS last_at,
       group_concat(DISTINCT namespace) AS namespaces, group_concat(DISTINCT ip_address) AS ips,
       group_concat(id) AS ids
FROM action_audit_logs
WHERE source = 'executor' AND status = 'rejected'
GROUP BY requested_by
ORDER BY rejected DESC, requested_by;
