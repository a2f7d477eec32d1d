-- login-failures-then-success by hand: at least 3 failed logins in the hour before a success,
-- from the same address outside the private, loopback and CGNAT ranges ('ip'), or for the same
-- e-mail with the success or the failures from outside them ('account').
WITH logins AS (
    SELECT id, created_at, user_id, event_type, json_extract(details, '$.email') AS email, ip_address,
           NOT (ip_address LIKE '10.%' OR ip_address LIKE '192.168.%' OR ip_address LIKE '127.%'
                OR ip_address GLOB '172.1[6-9].*' OR ip_address GLOB '172.2[0-9].*' OR ip_address GLOB '172.3[01].*'
                OR ip_address GLOB '100.6[4-9].*' OR ip_address GLOB '100.[7-9][0-9].*'
                OR ip_address GLOB '100.1[01][0-9].*' OR ip_address GLOB '100.12[0-7].*'
                OR ip_address = '::1' OR ip_address GLOB '[fF][cCdD]*:*') AS untrusted,
           strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '-1 hour') AS window_start
    FROM audit_events
    WHERE event_type IN ('auth_login_success', 'auth_login_failure')
),
successes AS (SELECT * FROM logins WHERE event_type = 'auth_login_success'),
failures AS (SELECT * FROM logins WHERE event_type = 'auth_login_failure')
SELECT s.id, s.created_at, s.user_id, s.email, s.ip_address, 'ip' AS matched_on, count(*) AS failures,
       group_concat(f.id) AS failure_ids, min(f.created_at) AS first_failure_at
FROM successes s JOIN failures f
  ON f.ip_address = s.ip_address AND f.created_at >= s.window_start AND f.created_at < s.created_at
WHERE s.untrusted
GROUP BY s.id
HAVING count(*) >= 3
UNION ALL
SELECT s.id, s.created_at, s.user_id, s.email, s.ip_address, 'account', count(*),
       group_concat(f.id), min(f.created_at)
FROM successes s JOIN failures f
  ON f.email = s.email AND f.created_at >= s.window_start AND f.created_at < s.created_at
WHERE s.untrusted OR f.untrusted
GROUP BY s.id
HAVING count(*) >= 3
ORDER BY 2, 6;
