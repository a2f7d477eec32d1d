-- hunt-args: --leak-time 2026-10-25T06:00:00Z --principal ci-deployer
-- leak-principal-activity by hand: everything the principal ci-deployer (a service name, so no
-- e-mail to match) did from the leak time on, from each table by its (actor, time) index.
SELECT created_at AS time, 'action_audit_logs' AS source, action_type AS action, requested_by AS actor,
       ip_address, namespace, namespace || '/' || coalesce(resource_name, resource_type, '?') AS target,
       status AS result, 'action_audit_logs:' || id AS ref
FROM action_audit_logs
WHERE requested_by = 'ci-deployer' AND created_at >= '2026-10-25T06:00:00.000000Z'
UNION ALL
SELECT created_at, 'audit_events', event_type, user_id, ip_address, NULL, entity_type || ':' || entity_id,
       NULL, 'audit_events:' || id
FROM audit_events
WHERE user_id = 'ci-deployer' AND created_at >= '2026-10-25T06:00:00.000000Z'
UNION ALL
SELECT created_at, 'policy_audit_logs', action, user_id, ip_address, json_extract(context, '$.namespace'),
       resource, result, 'policy_audit_logs:' || id
FROM policy_audit_logs
WHERE user_id = 'ci-deployer' AND created_at >= '2026-10-25T06:00:00.000000Z'
UNION ALL
SELECT time, 'loki', coalesce(method || ' ' || path, context), user_id, ip_address,
       json_extract(fields, '$.namespace'), audit_id, coalesce(CAST(status_code AS TEXT), level),
       'loki_entries:' || id
FROM loki_entries
WHERE user_id = 'ci-deployer' AND ts_ns >= unixepoch('2026-10-25T06:00:00Z') * 1000000000
ORDER BY 1, 2;
