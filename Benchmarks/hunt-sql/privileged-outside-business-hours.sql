-- privileged-outside-business-hours by hand: outside business hours (08:00 to 19:00, Monday to
-- Friday, UTC; no exempt principals), policy changes (each with the Loki request lines for it
-- within 5 minutes), pod deletions and scale-to-zero actions, and user creations and deletions
-- by someone never active at that hour on an earlier day of the 30 days before (an action
-- without a requester counts as one more someone); actions and user changes only after the
-- first week of history.
WITH history AS (
    SELECT min(start) AS start FROM (SELECT min(created_at) AS start FROM audit_events
                                     UNION ALL SELECT min(created_at) FROM action_audit_logs)
),
action_habits AS (
    SELECT DISTINCT coalesce(requested_by, '') || ' ' || strftime('%H', created_at) AS habit, date(created_at) AS day
    FROM action_audit_logs
),
user_habits AS (
    SELECT DISTINCT coalesce(user_id, '') || ' ' || strftime('%H', created_at) AS habit, date(created_at) AS day
    FROM audit_events
),
changes AS (
    SELECT id, updated_at, min(name) AS name, min(effect) AS effect FROM policies
    WHERE updated_at > created_at GROUP BY id, updated_at
),
found AS (
    SELECT c.updated_at AS created_at, 'policy_change' AS kind,
           coalesce(e.message, 'unknown') AS actor, coalesce(e.ip_address, 'unknown') AS ip_address
    FROM changes c
    LEFT JOIN loki_events v
      ON v.subject_id = c.id AND v.kind IN ('policy_change_request', 'policy_create_request')
     AND abs(julianday(v.time) - julianday(c.updated_at)) * 86400 <= 300
    LEFT JOIN loki_entries e ON e.id = v.entry_id
    WHERE strftime('%w', c.updated_at) IN ('0', '6') OR strftime('%H:%M', c.updated_at) < '08:00'
       OR strftime('%H:%M', c.updated_at) >= '19:00'
    UNION ALL
    SELECT x.created_at, x.action_type, x.requested_by, x.ip_address
    FROM action_audit_logs x, history
    WHERE x.status != 'rejected'
      AND (x.action_type = 'delete_pod'
           OR (x.action_type = 'scale_deployment' AND CAST(json_extract(x.action_params, '$.replicas') AS INTEGER) = 0))
      AND (strftime('%w', x.created_at) IN ('0', '6') OR strftime('%H:%M', x.created_at) < '08:00'
           OR strftime('%H:%M', x.created_at) >= '19:00')
      AND julianday(x.created_at) >= julianday(history.start) + 7
      AND NOT EXISTS (
          SELECT 1 FROM action_habits h
          WHERE h.habit = coalesce(x.requested_by, '') || ' ' || strftime('%H', x.created_at)
            AND h.day < date(x.created_at) AND julianday(h.day) >= julianday(x.created_at) - 30)
    UNION ALL
    SELECT a.created_at, a.event_type, a.user_id, a.ip_address
    FROM audit_events a, history
    WHERE a.event_type IN ('user_create', 'user_delete')
      AND (strftime('%w', a.created_at) IN ('0', '6') OR strftime('%H:%M', a.created_at) < '08:00'
           OR strftime('%H:%M', a.created_at) >= '19:00')
      AND julianday(a.created_at) >= julianday(history.start) + 7
      AND NOT EXISTS (
          SELECT 1 FROM user_habits h
          WHERE h.habit = coalesce(a.user_id, '') || ' ' || strftime('%H', a.created_at)
            AND h.day < date(a.created_at) AND julianday(h.day) >= julianday(a.created_at) - 30)
)
SELECT * FROM found ORDER BY created_at;
