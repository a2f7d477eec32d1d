-- hunt-args: --leak-time 2026-10-25T06:00:00Z
-- leak-new-resource by hand: workloads (a pod's name without its ReplicaSet and pod hashes)
-- that actions or policy evaluations touched from the leak time on and that nothing touched in
-- the 30 days before it (everyone's activity). The plain sqlite3 shell has no regex_extract:
-- the hunt's /^(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}$/ is one GLOB per length of the middle part,
-- shortest first, as the regex's greedy prefix takes the longest match.
WITH activity AS (
    SELECT created_at AS time, requested_by AS actor, namespace,
           namespace || '/' || coalesce(resource_name, resource_type, '?') AS target, 'action_audit_logs:' || id AS ref
    FROM action_audit_logs WHERE namespace IS NOT NULL AND created_at >= '2026-09-25T06:00:00.000000Z'
    UNION ALL
    SELECT created_at, user_id, json_extract(context, '$.namespace'), resource, 'policy_audit_logs:' || id
    FROM policy_audit_logs WHERE resource IS NOT NULL AND created_at >= '2026-09-25T06:00:00.000000Z'
),
resources AS (
    SELECT time, actor, namespace, ref,
        CASE
            WHEN target GLOB '?*-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]'
                THEN substr(target, 1, length(target) - 12)
            WHEN target GLOB '?*-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]'
                THEN substr(target, 1, length(target) - 13)
            WHEN target GLOB '?*-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]'
                THEN substr(target, 1, length(target) - 14)
            WHEN target GLOB '?*-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]'
                THEN substr(target, 1, length(target) - 15)
            WHEN target GLOB '?*-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]'
                THEN substr(target, 1, length(target) - 16)
            WHEN target GLOB '?*-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]-[a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]'
                THEN substr(target, 1, length(target) - 17)
            ELSE target
        END AS resource
    FROM activity
)
SELECT min(time) AS first_seen, resource, min(namespace) AS namespace, count(*) AS uses, max(time) AS last_seen,
       group_concat(DISTINCT coalesce(actor, '(no actor)')) AS actors, group_concat(ref) AS refs
FROM resources
WHERE time >= '2026-10-25T06:00:00.000000Z'
  AND resource NOT IN (SELECT resource FROM resources WHERE time < '2026-10-25T06:00:00.000000Z')
GROUP BY resource
ORDER BY first_seen;
