-- decision-flip-after-policy-change by hand: a (user, action, resource) denied, then allowed
-- within the hour, with a policy the deny applied updated in between (any snapshot). CROSS JOIN
-- fixes SQLite's join order: each deny, then its allows by the (user, action, resource, time)
-- index, then the few policies.
SELECT d.id, d.created_at AS denied_at, d.user_id, d.action, d.resource, d.ip_address,
       min(a.created_at) AS allowed_at, group_concat(DISTINCT a.id) AS allowed_ids,
       group_concat(DISTINCT p.name) AS policies, group_concat(DISTINCT p.id) AS policy_ids,
       max(p.updated_at) AS changed_at
FROM policy_audit_logs d
CROSS JOIN policy_audit_logs a
  ON a.user_id = d.user_id AND a.action = d.action AND a.resource = d.resource AND a.result = 'allow'
 AND a.created_at > d.created_at AND a.created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', d.created_at, '+1 hour')
CROSS JOIN policies p
  ON p.updated_at > d.created_at AND p.updated_at <= a.created_at
 AND (instr(d.applied_policies, '"' || p.id || '"') OR instr(d.applied_policies, '"' || p.name || '"'))
WHERE d.result = 'deny'
GROUP BY d.id, d.created_at, d.user_id, d.action, d.resource, d.ip_address
ORDER BY denied_at;
