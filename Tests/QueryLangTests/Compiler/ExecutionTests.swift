import AegisAudit
import Foundation
import QueryLang
import Testing

/// Every operator, run on a small cache with known rows.
@Suite struct ExecutionTests {
    let cache: String

    init() throws { cache = try QueryFixture.makeCache() }

    private func column(_ query: String, _ index: Int = 0) throws -> [String] {
        try QueryFixture.rows(query, cache: cache).map { $0[index].text }
    }

    @Test func whereProjectSortHead() throws {
        #expect(
            try column(
                #"from action_audit_logs | where namespace == "kube-system" | project id, action_type | sort by id desc | head 1"#
            )
                == ["a5"])
        #expect(
            try column(#"from action_audit_logs | where status in ("failed", "rejected") | sort by id"#, 1) == [
                "a3", "a6",
            ])
        #expect(
            try column(
                #"from action_audit_logs | where not (namespace == "production") and id != "a3" | sort by id"#, 1) == [
                    "a4", "a5", "a6",
                ])
    }

    @Test func regexAndSearchAndContains() throws {
        #expect(
            try column(#"from action_audit_logs | where requested_by =~ /^ci-/ | sort by id"#, 1) == ["a3", "a4", "a5"])
        #expect(
            try column(#"from action_audit_logs | where requested_by !~ /^ci-/ | sort by id"#, 1) == ["a1", "a2", "a6"])
        #expect(try column(#"from audit_events | search "ONCALL@example" | project id"#) == ["e5"])
        #expect(try column(#"from action_audit_logs | where resource_name contains "A4" | project id"#) == ["a4"])
    }

    @Test func timeFilters() throws {
        #expect(try column("from action_audit_logs | since 2d | sort by id | project id") == ["a4", "a5", "a6"])
        #expect(
            try column("from action_audit_logs | between 2026-11-18T00:00:00Z and 2026-11-18T02:19:00Z | project id")
                == ["a4"])
        #expect(try column("from action_audit_logs | where created_at >= ago(36h) | project id") == ["a6"])
        #expect(try column(#"from action_audit_logs | where created_at < "2026-11-11" | project id"#) == ["a1"])
    }

    @Test func jsonMembersExtendAndRename() throws {
        let rows = try QueryFixture.rows(
            #"from audit_events | where id == "e5" | extend email = details.email | rename who = user_id | project who, email"#,
            cache: cache)
        #expect(rows.map { $0.map(\.text) } == [["u-oncall", "oncall@example.com"]])
        #expect(try column("from action_audit_logs | where action_params.replicas == 2 | stats count()") == ["6"])
    }

    @Test func aMemberOfTextThatIsNotJSONIsNullNotAnError() throws {
        let broken = try QueryFixture.makeCache()
        try Cache.openForWriting(path: broken).run("UPDATE audit_events SET details = 'not json {' WHERE id = 'e5'")
        let rows = try QueryFixture.rows(
            #"from audit_events | where id == "e5" or details.email == "oncall@example.com" | extend email = details.email | project id, email"#,
            cache: broken)
        #expect(rows.count == 1 && rows.first?[0].text == "e5" && rows.first?[1] == .null, "\(rows)")
    }

    @Test func statsWithEveryAggregate() throws {
        let rows = try QueryFixture.rows(
            """
            from action_audit_logs | stats count(), dcount(ip_address) as ips, first(status) as first_status,
              last(id) as last_id, values(action_type) as types, min(created_at) as earliest by namespace
            | sort by count desc, namespace
            """, cache: cache)
        let kube = try #require(rows.first { $0[0].text == "kube-system" })
        #expect(kube[1].text == "2" && kube[2].text == "1" && kube[3].text == "completed" && kube[4].text == "a5")
        #expect(kube[5].text == #"["delete_pod","update_config"]"#)
        #expect(rows.first?[0].text == "kube-system" || rows.first?[0].text == "production")
    }

    @Test func topRareAndDedup() throws {
        #expect(try column("from action_audit_logs | top 1 requested_by") == ["ai-engine"])
        #expect(try column("from action_audit_logs | rare 1 namespace") == ["cert-manager"])
        #expect(
            try column("from audit_events | dedup ip_address | sort by ip_address | project ip_address") == [
                "10.8.0.1", "10.8.0.7", "198.51.100.250",
            ])
        let perNamespace = try QueryFixture.rows(
            "from action_audit_logs | top 1 requested_by by namespace", cache: cache)
        #expect(perNamespace.count == 4)
    }

    @Test func newValuesForAnEntityWithinTheLookback() throws {
        // alice's 10.8.0.7 is new; her 10.8.0.1 on the 18th was seen on the 12th (within 30 days).
        #expect(
            try column(
                #"from audit_events | where event_type == "auth_login_success" | new ip_address for user_id lookback 30d | sort by created_at | project id"#
            ) == ["e1", "e5", "e7"])
        // With a 3-day lookback the 10.8.0.1 login of the 18th is "new" again (last seen 6 days before).
        #expect(
            try column(
                #"from audit_events | where event_type == "auth_login_success" | new ip_address for user_id lookback 3d | project id"#
            ).contains("e6"))
    }

    @Test func joinUnionAndParse() throws {
        let joined = try QueryFixture.rows(
            #"from audit_events | where event_type == "auth_login_success" | join (from users) on user_id == id | project id, email | sort by id"#,
            cache: cache)
        #expect(joined.first.map { $0.map(\.text) } == ["e1", "alice@example.com"])
        #expect(joined.count == 5)
        let left = try QueryFixture.rows(
            #"from audit_events | join kind=left (from users) on user_id == id | where isnull(email) | project id"#,
            cache: cache)
        #expect(left.map { $0[0].text }.sorted() == ["e3", "e4"])
        let within = try QueryFixture.rows(
            #"from audit_events | where event_type == "auth_login_success" | join (from action_audit_logs | project ip_address, action = id, created_at) on ip_address within 1h | project id, action"#,
            cache: cache)
        #expect(within.map { $0.map(\.text) }.sorted { $0[1] < $1[1] } == [["e5", "a4"], ["e5", "a5"]])
        #expect(
            try column("from users | project id | union (from action_audit_logs | project id) | stats count()") == ["8"]
        )
        #expect(
            try column(
                #"from action_audit_logs | parse resource_name with /pod-(?<short>a\d)/ | where short == "a4" | project short"#
            )
                == ["a4"])
    }

    /// Semi and anti joins keep left rows once each, with the left columns only; a NULL key has
    /// no match.
    @Test func semiAndAntiJoins() throws {
        let actions = "from action_audit_logs | join kind=%@ (from audit_events | project ip_address) on ip_address"
        let semi = try column(actions.replacingOccurrences(of: "%@", with: "semi") + " | sort by id", 1)
        #expect(semi == ["a4", "a5"])  // two events came from 198.51.100.250: still once each
        #expect(try column(actions.replacingOccurrences(of: "%@", with: "leftanti") + " | sort by id", 1)
            == ["a1", "a2", "a3", "a6"])
        let columns = try QueryFixture.rows(actions.replacingOccurrences(of: "%@", with: "anti"), cache: cache)
        let all = try QueryFixture.rows("from action_audit_logs | head 1", cache: cache)
        #expect(columns.first?.count == all.first?.count)
        // Events whose user_id is NULL or no user's: an anti join keeps the NULL keys.
        let unknownUser = "from audit_events | join kind=anti (from users | project id) on user_id == id | project id"
        #expect(try column(unknownUser).sorted() == ["e3", "e4"])
        #expect(try column(unknownUser.replacingOccurrences(of: "anti", with: "semi")).sorted()
            == ["e1", "e2", "e5", "e6", "e7"])
        let logins = #"from audit_events | where event_type == "auth_login_success" | join kind=%@ (from action_audit_logs) on ip_address within 10m | project id"#
        #expect(try column(logins.replacingOccurrences(of: "%@", with: "semi")) == ["e5"])
        #expect(try column(logins.replacingOccurrences(of: "%@", with: "anti")).sorted() == ["e1", "e2", "e6", "e7"])
    }

    @Test func timechartBinsByTime() throws {
        let rows = try QueryFixture.rows("from action_audit_logs | timechart 1d count() by namespace", cache: cache)
        #expect(rows.first?[0].text == "2026-11-10T00:00:00.000000Z")
        #expect(
            rows.contains {
                $0[0].text == "2026-11-18T00:00:00.000000Z" && $0[1].text == "kube-system" && $0[2].text == "2"
            })
    }

    @Test func functions() throws {
        #expect(
            try column(#"from action_audit_logs | where cidr_match(ip_address, "10.244.0.0/16") | stats count()"#) == [
                "4"
            ])
        #expect(
            try column("from action_audit_logs | where not ip_is_private(ip_address) | stats dcount(ip_address)") == [
                "1"
            ])
        #expect(
            try column(#"from action_audit_logs | where id == "a4" | project t = format_time(created_at, "%H:%M")"#)
                == ["02:18"])
        #expect(
            try column(#"from users | project n = upper(first_name), l = len(email) | sort by n"#) == [
                "ALICE", "ON-CALL",
            ])
        #expect(
            try column(
                #"from action_audit_logs | where id == "a4" | project x = regex_extract(resource_name, /pod-(a)(\d)/, 2)"#
            ) == ["4"])
    }

    @Test func injectionAttemptsStayData() throws {
        #expect(try column(#"from users | where email == "x'); DROP TABLE users; --" | stats count()"#) == ["0"])
        #expect(try column(#"from users | where email =~ /'\); DELETE FROM users; --/ | stats count()"#) == ["0"])
        #expect(try column("from users | stats count()") == ["2"])
    }
}

@Suite struct StageCombinationTests {
    @Test func repeatedHeadsAndSortsStayValidSQL() throws {
        let cache = try QueryFixture.makeCache()
        let rows = try QueryFixture.rows(
            "from action_audit_logs | sort by created_at desc | head 4 | head 2 | sort by id | head 1 | project id",
            cache: cache)
        #expect(rows.map { $0[0].text } == ["a5"])
    }
}
