-- loki-audit-id-without-row by hand: Loki lines naming an audit id no executor action has.
SELECT e.audit_id, count(*) AS lines, group_concat(e.id) AS entry_ids, min(e.time) AS first_at,
       max(e.time) AS last_at, group_concat(DISTINCT e.job) AS jobs
FROM loki_entries e
WHERE e.audit_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM action_audit_logs a WHERE a.source = 'executor' AND a.id = e.audit_id)
GROUP BY e.audit_id
ORDER BY first_at;
