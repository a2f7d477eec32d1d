-- hunt-args: --param allowlist=production,staging,payments
-- executor-outside-allowlist by hand: executor actions, not rejected, outside the allowlist.
SELECT created_at, id, namespace, requested_by, action_type, resource_name, status, ip_address
FROM action_audit_logs
WHERE source = 'executor' AND namespace NOT IN ('production', 'staging', 'payments') AND status != 'rejected'
ORDER BY created_at;
