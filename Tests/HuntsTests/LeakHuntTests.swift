import AegisAudit
import Foundation
import Hunts
import QueryLang
import TestSupport
import Testing

/// The leak hunts (`queries/leak-*.toml`, `hunt --leak-time T [--principal P]`) on a planted
/// case: Alice (u-alice, Alice@Example.com) works from 10.8.0.5 with Firefox in `staging` for
/// ten days; her password leaks on day 20, and from then on someone also uses it from
/// 203.0.113.9 with python-requests, in `kube-system`, on a secret nobody asked for before.
@Suite struct LeakHuntTests {
    static let leakDay = 20
    static let leakTime = HuntRows.time(leakDay)
    static let hunts = ["leak-new-ip", "leak-new-user-agent", "leak-new-namespace", "leak-new-resource"]

    /// The planted cache; `novel` false leaves out every row of the intruder.
    static func cache(novel: Bool = true, bobUsedTheAddressBefore: Bool = false) throws -> String {
        var rows = HuntRows()
        for day in 10..<22 {
            // Alice's habits, before and after the leak: one workload (pods come and go), one address.
            rows.action(
                "w-\(day)abcdef-k\(day)xy", namespace: "staging", requester: "u-alice", ip: "10.8.0.5", day: day,
                minute: 540)
        }
        rows.action("svc-1", namespace: "production", requester: "ci-deployer", day: 12)
        if novel {
            rows.action(
                "x-9", namespace: "kube-system", requester: "u-alice", ip: "203.0.113.9", day: leakDay, minute: 130)
        }
        let path = try HuntFixture.cache(rows)
        var sql = "INSERT INTO users (source, id, email, row_hash, first_sync_id, version_sync_id, last_seen_sync_id) "
        sql += "VALUES ('backend', 'u-alice', 'Alice@Example.com', x'00', 1, 1, 1);\n"
        for day in 10..<22 {
            sql += login("l-\(day)", user: "u-alice", ip: "10.8.0.5", agent: "Firefox/120", day: day, minute: 535)
            sql += decision("d-\(day)", user: "u-alice", resource: "/api/v1/pods", ip: "10.8.0.5", day: day)
        }
        if novel {
            sql += login(
                "l-x", user: "u-alice", ip: "203.0.113.9", agent: "python-requests/2.31", day: leakDay, minute: 120)
            sql += decision(
                "d-x", user: "u-alice", resource: "/api/v1/secrets", ip: "203.0.113.9", day: leakDay, minute: 125)
        }
        if bobUsedTheAddressBefore {
            sql += login("l-bob", user: "u-bob", ip: "203.0.113.9", agent: "python-requests/2.31", day: 15)
            sql += decision("d-bob", user: "u-bob", resource: "/api/v1/secrets", ip: "203.0.113.9", day: 15)
            var bob = HuntRows()
            bob.action("b-1", namespace: "kube-system", requester: "u-bob", ip: "203.0.113.9", day: 15)
            sql += bob.sql
        }
        try Cache.openForWriting(path: path).run("BEGIN;\n" + sql + "COMMIT;")
        return path
    }

    private static func login(_ id: String, user: String, ip: String, agent: String, day: Int, minute: Int = 0)
        -> String
    {
        """
        INSERT INTO audit_events (source, id, event_type, user_id, details, ip_address, user_agent, created_at,
          row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
        VALUES ('backend', '\(id)', 'auth_login_success', '\(user)', '{"success": true}', '\(ip)', '\(agent)',
          '\(HuntRows.time(day, minute))', x'00', 1, 1, 1);

        """
    }

    private static func decision(_ id: String, user: String, resource: String, ip: String, day: Int, minute: Int = 538)
        -> String
    {
        """
        INSERT INTO policy_audit_logs (source, id, user_id, action, resource, result, ip_address, user_agent,
          created_at, row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
        VALUES ('backend', '\(id)', '\(user)', 'read', '\(resource)', 'allow', '\(ip)', 'Firefox/120',
          '\(HuntRows.time(day, minute))', x'00', 1, 1, 1);

        """
    }

    static func run(_ ids: [String], on path: String, principal: String? = nil, leakTime: String? = leakTime)
        throws -> [HuntOutcome]
    {
        var overrides: [String: String] = [:]
        if let leakTime { overrides["leak_time"] = leakTime }
        if let principal { overrides["principal"] = principal }
        var runner = HuntRunner(overrides: overrides, now: HuntFixture.now)
        runner.optionHints = ["leak_time": "--leak-time T", "principal": "--principal P"]
        return try runner.run(HuntFixture.library.select(ids), on: Cache.openForReading(path: path))
    }

    /// Each finding's first column after the time (the new value) and its evidence.
    static func found(_ outcome: HuntOutcome) -> [String] {
        outcome.findings.map { finding in
            let value = finding.values[1]
            let text: String = if case .text(let t) = value { t } else { "\(value)" }
            return text + " " + finding.evidence.map { "\($0.table):\($0.id)" }.sorted().joined(separator: ",")
        }
    }

    @Test func eachNoveltyAfterTheLeakIsFoundWithItsEvidence() throws {
        let outcomes = try Self.run(Self.hunts, on: Self.cache(), principal: "u-alice")
        #expect(outcomes.allSatisfy { $0.status == .ran })
        #expect(
            Self.found(outcomes[0]) == [
                "203.0.113.9 action_audit_logs:x-9,audit_events:l-x,policy_audit_logs:d-x"
            ])
        #expect(Self.found(outcomes[1]) == ["python-requests/2.31 audit_events:l-x"])
        #expect(Self.found(outcomes[2]) == ["kube-system action_audit_logs:x-9"])
        #expect(
            Self.found(outcomes[3]) == [
                "/api/v1/secrets policy_audit_logs:d-x", "kube-system/pod-x-9 action_audit_logs:x-9",
            ])
        #expect(outcomes[0].findings[0].time == HuntRows.time(Self.leakDay, 120))
    }

    @Test func withoutTheIntruderNothingIsNew() throws {
        let path = try Self.cache(novel: false)
        for outcome in try Self.run(Self.hunts, on: path, principal: "u-alice") {
            #expect(outcome.status == .ran)
            #expect(outcome.findings.isEmpty, "\(outcome.hunt.id): \(outcome.findings.map(\.summary))")
        }
        for outcome in try Self.run(Self.hunts, on: path) {
            #expect(outcome.findings.isEmpty, "\(outcome.hunt.id): \(outcome.findings.map(\.summary))")
        }
    }

    @Test func theSameNoveltyBeforeTheLeakIsNotNew() throws {
        let path = try Self.cache()
        let outcomes = try Self.run(
            Self.hunts, on: path, principal: "u-alice", leakTime: HuntRows.time(Self.leakDay + 1))
        #expect(outcomes.allSatisfy { $0.findings.isEmpty }, "\(outcomes.flatMap(\.findings).map(\.summary))")
    }

    @Test func aPrincipalByEmailOrByIdGivesTheSameFindings() throws {
        let path = try Self.cache()
        let ids = Self.hunts + ["leak-principal-activity", "leak-active-principals"]
        let byID = try Self.run(ids, on: path, principal: "u-alice")
        let byEmail = try Self.run(ids, on: path, principal: "alice@example.com")
        #expect(byID.map { $0.findings.count } == byEmail.map { $0.findings.count })
        #expect(byID.flatMap(\.findings).map(\.summary) == byEmail.flatMap(\.findings).map(\.summary))
        #expect(byID.flatMap(\.findings).map(\.evidence) == byEmail.flatMap(\.findings).map(\.evidence))
        #expect(byID.flatMap(\.findings).count > 6)
    }

    @Test func withoutAPrincipalNoveltyIsJudgedAgainstEveryone() throws {
        let path = try Self.cache(bobUsedTheAddressBefore: true)
        let alice = try Self.run(Self.hunts, on: path, principal: "u-alice")
        #expect(alice.map { $0.findings.count } == [1, 1, 1, 2])
        let anyone = try Self.run(Self.hunts, on: path)
        // Bob used the address, the agent, the namespace and the secret before: only the pod is new.
        #expect(anyone.map { $0.findings.count } == [0, 0, 0, 1])
        #expect(Self.found(anyone[3]) == ["kube-system/pod-x-9 action_audit_logs:x-9"])
    }

    @Test func activityAfterTheLeakInOrderAcrossSources() throws {
        var rows = HuntRows()
        rows.backendLine(event: "tokens_refreshed", user: "u-alice", day: Self.leakDay, minute: 140)
        rows.backendLine(event: "tokens_refreshed", user: "u-bob", day: Self.leakDay, minute: 141)
        let path = try Self.cache()
        try Cache.openForWriting(path: path).run("BEGIN;\n" + rows.sql + "COMMIT;")
        let outcome = try Self.run(["leak-principal-activity"], on: path, principal: "Alice@example.com")[0]
        let references = outcome.findings.map { $0.evidence.map { "\($0.table):\($0.id)" }.joined() }
        #expect(
            references == [
                "audit_events:l-x", "policy_audit_logs:d-x", "action_audit_logs:x-9", "loki_entries:1",
                "audit_events:l-20", "policy_audit_logs:d-20", "action_audit_logs:w-20abcdef-k20xy",
                "audit_events:l-21", "policy_audit_logs:d-21", "action_audit_logs:w-21abcdef-k21xy",
            ])
        #expect(outcome.findings.allSatisfy { $0.time == nil })
        let everyone = try Self.run(["leak-active-principals"], on: path)[0]
        #expect(
            everyone.findings.map(\.summary).map { String($0.prefix { $0 != " " }) } == ["alice@example.com", "u-bob"])
    }

    @Test func withoutALeakTimeTheLeakHuntsAreSkippedWithANote() throws {
        let outcomes = try Self.run(
            Self.hunts + ["leak-principal-activity"], on: Self.cache(), principal: "u-alice", leakTime: nil)
        for outcome in outcomes {
            #expect(outcome.status == .skipped("needs leak_time: give --leak-time T"))
        }
        let noPrincipal = try Self.run(["leak-principal-activity", "leak-new-ip"], on: Self.cache())
        #expect(noPrincipal[0].status == .skipped("needs principal: give --principal P"))
        #expect(noPrincipal[1].status == .ran)
    }

    @Test func aLeakTimeMustBeATimestamp() throws {
        #expect(throws: HuntError.self) {
            try Self.run(["leak-new-ip"], on: Self.cache(), leakTime: "yesterday")
        }
    }
}

/// The pieces the leak hunts added to hunt files: timestamp and principal parameters, and
/// evidence whose table each value names (`*:column`).
@Suite struct LeakHuntFileTests {
    @Test func timestampAndPrincipalParametersRead() throws {
        let time = HuntParameter(
            name: "t", kind: .timestamp, description: "", defaultValue: nil, contextKey: nil, required: true)
        #expect(
            try time.value(parsing: "2026-11-18T02:00Z", context: .init()) == .timestamp("2026-11-18T02:00:00.000000Z"))
        #expect(throws: HuntError.self) { try time.value(parsing: "7d", context: .init()) }
        let who = HuntParameter(
            name: "p", kind: .principal, description: "", defaultValue: .text(""), contextKey: nil, required: false)
        #expect(try who.defaultValue(context: .init()) == .list([.string("*")]))
        #expect(try who.value(parsing: " ci-deployer ", context: .init()) == .list([.string("ci-deployer")]))
    }

    @Test func evidenceFromAnyTableIsWrittenWithAStar() throws {
        func parse(_ evidence: String) throws -> Hunt {
            try HuntFile.parse(
                """
                id = "x"
                title = "t"
                description = "d"
                severity = "low"
                tables = ["timeline"]
                evidence = ["\(evidence)"]
                summary = "s"
                query = "from timeline | project ref = strcat(row_table, \\":\\", row_id)"
                """, path: "queries/x.toml")
        }
        #expect(try parse("*:ref").evidence == [EvidenceColumn(table: "*", column: "ref")])
        #expect(throws: HuntError.self) { try parse("audit_events:ref") }
        #expect(throws: HuntError.self) { try parse("*:") }
    }
}
