-- login-new-ip by hand: a successful login from an address outside the private, loopback and
-- CGNAT ranges that no audit event of the user carried in the 30 days before it, from 7 days
-- after the first event on (the warm-up).
WITH events AS (
    SELECT created_at, id, user_id, event_type, details, ip_address, user_agent,
           lag(created_at) OVER (PARTITION BY user_id, ip_address ORDER BY created_at) AS previous_at
    FROM audit_events
    WHERE ip_address IS NOT NULL
)
SELECT created_at, id, user_id, json_extract(details, '$.email') AS email, ip_address, user_agent
FROM events
WHERE event_type = 'auth_login_success'
  AND NOT (ip_address LIKE '10.%' OR ip_address LIKE '192.168.%' OR ip_address LIKE '127.%'
           OR ip_address GLOB '172.1[6-9].*' OR ip_address GLOB '172.2[0-9].*' OR ip_address GLOB '172.3[01].*'
           OR ip_address GLOB '100.6[4-9].*' OR ip_address GLOB '100.[7-9][0-9].*'
           OR ip_address GLOB '100.1[01][0-9].*' OR ip_address GLOB '100.12[0-7].*'
           OR ip_address = '::1' OR ip_address GLOB '[fF][cCdD]*:*')
  AND (previous_at IS NULL OR previous_at < strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '-30 days'))
  AND created_at >= (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', min(created_at), '+7 days') FROM audit_events)
ORDER BY created_at;
