-- refresh-token-two-ips by hand: token refreshes of one account from two or more addresses in
-- the same 15-minute interval, one of them outside the private ranges (the default trusted
-- network) and new for the account (not in its audit_events from a day before). Loki refresh
-- lines take the address of the HTTP refresh line within 2 s (found by the ts_ns index) when
-- they carry none.
WITH token_lines AS (
    SELECT e.time, e.ts_ns, v.subject_id AS user_id, e.ip_address AS line_ip, e.id AS entry_id
    FROM loki_events v JOIN loki_entries e ON e.id = v.entry_id
    WHERE v.kind = 'tokens_refreshed' AND v.subject_id IS NOT NULL
),
paired AS (
    SELECT t.time, t.user_id, t.line_ip, t.entry_id, h.ip_address AS http_ip, min(h.id) AS http_entry_id
    FROM token_lines t
    LEFT JOIN loki_entries h
      ON h.path = '/api/v1/auth/refresh' AND h.ip_address IS NOT NULL
     AND h.ts_ns BETWEEN t.ts_ns - 2000000000 AND t.ts_ns + 2000000000
    GROUP BY t.entry_id, h.time, h.ip_address
),
refreshes AS (
    SELECT created_at, user_id, ip_address, id AS event_id, NULL AS entry_id, NULL AS http_entry_id
    FROM audit_events
    WHERE event_type = 'auth_refresh' AND user_id IS NOT NULL AND ip_address IS NOT NULL
    UNION ALL
    SELECT time, user_id, coalesce(line_ip, http_ip), NULL, entry_id, http_entry_id
    FROM paired WHERE line_ip IS NOT NULL OR http_ip IS NOT NULL
),
judged AS (
    SELECT r.*, (SELECT min(a.created_at) FROM audit_events a
                 WHERE a.user_id = r.user_id AND a.ip_address = r.ip_address) AS known_since
    FROM refreshes r
)
SELECT min(created_at) AS first_at, max(created_at) AS last_at, count(*) AS refreshes,
       count(DISTINCT ip_address) AS addresses, group_concat(DISTINCT ip_address) AS ips,
       j.user_id, u.email
FROM judged j LEFT JOIN users u ON u.source = 'backend' AND u.id = j.user_id
GROUP BY unixepoch(created_at) / 900, j.user_id
HAVING count(DISTINCT ip_address) > 1
   AND sum(NOT (ip_address LIKE '10.%' OR ip_address LIKE '192.168.%' OR ip_address LIKE '127.%'
                OR (ip_address LIKE '172.%'
                    AND CAST(substr(ip_address, 5, instr(substr(ip_address, 5), '.') - 1) AS INTEGER) BETWEEN 16 AND 31)
                OR (ip_address LIKE '100.%'
                    AND CAST(substr(ip_address, 5, instr(substr(ip_address, 5), '.') - 1) AS INTEGER) BETWEEN 64 AND 127)
                OR ip_address = '::1' OR lower(ip_address) GLOB 'f[cd]*' OR lower(ip_address) GLOB 'fe[89ab]*')
           AND (known_since IS NULL OR julianday(known_since) > julianday(created_at) - 1)) > 0
ORDER BY first_at;
