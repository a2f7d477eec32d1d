import AegisAudit
import Hunts
import Testing

/// `privileged-outside-business-hours` and `refresh-token-two-ips` fire on a planted case and
/// stay quiet with its evidence removed. Day 0 is Sunday 2026-11-01; day 12 is Friday the 13th.
@Suite struct PrivilegedAndRefreshHuntTests {
    /// Alice restarts a pod at 10:00 UTC on each of days 1-11.
    private func workdays() -> HuntRows {
        var rows = HuntRows()
        for day in 1...11 { rows.action("r\(day)", namespace: "production", requester: "alice", day: day, minute: 600) }
        return rows
    }

    private func deletion(_ rows: HuntRows, minute: Int, requester: String = "alice", status: String = "completed")
        -> HuntRows
    {
        var rows = rows
        rows.action(
            "planted", namespace: "production", requester: requester, status: status, day: 12, minute: minute,
            type: "delete_pod")
        return rows
    }

    @Test func deletionAtNightIsReportedAndDaytimeIsNot() throws {
        let night = try HuntFixture.run("privileged-outside-business-hours", deletion(workdays(), minute: 120))
        #expect(HuntFixture.evidence(night) == [["planted"]])
        #expect(
            night.findings[0].summary.contains("delete_pod production/pod-planted (completed) at Fri 2026-11-13 02:00"))
        #expect(night.findings[0].summary.contains("by alice"))

        #expect(
            try HuntFixture.run("privileged-outside-business-hours", deletion(workdays(), minute: 660)).findings.isEmpty
        )
        #expect(try HuntFixture.run("privileged-outside-business-hours", workdays()).findings.isEmpty)
        let rejected = deletion(workdays(), minute: 120, status: "rejected")
        #expect(try HuntFixture.run("privileged-outside-business-hours", rejected).findings.isEmpty)
    }

    @Test func theBusinessHoursFollowTheirTimeZoneAndDays() throws {
        // 02:00 UTC is 12:00 at +10:00.
        let east = try HuntFixture.run(
            "privileged-outside-business-hours", deletion(workdays(), minute: 120), parameters: ["timezone": "+10:00"])
        #expect(east.findings.isEmpty)
        var context = InvestigationContext()
        context.businessHours.timeZone = "Australia/Sydney"  // UTC+11 in November
        #expect(
            try HuntFixture.run(
                "privileged-outside-business-hours", deletion(workdays(), minute: 120), context: context
            )
            .findings.isEmpty)
        // Friday 11:00 UTC is outside hours when Friday is not a business day.
        let weekdays = try HuntFixture.run(
            "privileged-outside-business-hours", deletion(workdays(), minute: 660),
            parameters: ["days": "mon,tue,wed,thu"])
        #expect(HuntFixture.evidence(weekdays) == [["planted"]])
    }

    @Test func aHabitAtThatHourOrAnExemptPrincipalIsNotReported() throws {
        var habit = workdays()
        for day in 8...10 {
            habit.action("n\(day)", namespace: "production", requester: "alice", day: day, minute: 125)
        }
        #expect(try HuntFixture.run("privileged-outside-business-hours", deletion(habit, minute: 120)).findings.isEmpty)

        let service = deletion(workdays(), minute: 120, requester: "self-healing")
        #expect(
            HuntFixture.evidence(try HuntFixture.run("privileged-outside-business-hours", service)) == [["planted"]])
        var context = InvestigationContext()
        context.servicePrincipals = ["self-healing"]
        #expect(try HuntFixture.run("privileged-outside-business-hours", service, context: context).findings.isEmpty)
    }

    @Test func scaleToZeroAndPolicyChangesCount() throws {
        func scale(_ replicas: Int) -> HuntRows {
            var rows = workdays()
            rows.action(
                "scaled", namespace: "kube-system", requester: "alice", day: 12, minute: 141, type: "scale_deployment",
                parameters: #"{"namespace": "kube-system", "replicas": \#(replicas)}"#)
            return rows
        }
        #expect(
            HuntFixture.evidence(try HuntFixture.run("privileged-outside-business-hours", scale(0))) == [["scaled"]])
        #expect(try HuntFixture.run("privileged-outside-business-hours", scale(2)).findings.isEmpty)

        var tampered = workdays()
        tampered.policy("p-guard", name: "Deny Mutations in kube-system", effect: "allow", updatedDay: 12, minute: 137)
        let policy = try HuntFixture.run("privileged-outside-business-hours", tampered)
        #expect(HuntFixture.evidence(policy) == [["p-guard"]])
        #expect(
            policy.findings[0].summary.contains("policy 'Deny Mutations in kube-system' changed (effect now allow)"))
        #expect(policy.findings[0].summary.contains("by unknown (no Loki request line"))
        // The backend's HTTP line for the change names who made it.
        var attributed = tampered
        attributed.backendLine(
            event: "policy_change_request", user: "p-guard", path: "/api/v1/policy/p-guard", ip: "198.51.100.250",
            day: 12, minute: 137, second: 1)
        let named = try HuntFixture.run("privileged-outside-business-hours", attributed)
        #expect(named.findings.count == 1)
        #expect(named.findings[0].summary.hasSuffix("from 198.51.100.250"))
        #expect(named.findings[0].evidence.contains(EvidenceReference(table: "loki_entries", id: "1")))
        var daytime = workdays()
        daytime.policy("p-guard", name: "Deny Mutations in kube-system", effect: "allow", updatedDay: 12, minute: 630)
        #expect(try HuntFixture.run("privileged-outside-business-hours", daytime).findings.isEmpty)
    }

    /// Alice's session refreshed from the VPN at 10:01 and, in `other`, again at `minute`.
    private func refreshes(other ip: String, minute: Int) -> HuntRows {
        var rows = HuntRows()
        rows.event(
            "vpn", "auth_refresh", user: "u-alice", email: "alice@example.com", ip: "10.8.0.1", day: 12, minute: 601)
        rows.event(
            "other", "auth_refresh", user: "u-alice", email: "alice@example.com", ip: ip, day: 12, minute: minute)
        return rows
    }

    @Test func oneSessionRefreshedFromTwoAddresses() throws {
        let outcome = try HuntFixture.run("refresh-token-two-ips", refreshes(other: "203.0.113.9", minute: 607))
        #expect(HuntFixture.evidence(outcome) == [["other", "vpn"]])
        #expect(outcome.findings[0].summary.contains("from 2 addresses"))
        #expect(outcome.findings[0].summary.contains("203.0.113.9"))

        #expect(
            try HuntFixture.run("refresh-token-two-ips", refreshes(other: "10.8.0.2", minute: 607)).findings.isEmpty)
        #expect(
            try HuntFixture.run("refresh-token-two-ips", refreshes(other: "203.0.113.9", minute: 650)).findings.isEmpty)
        #expect(
            try HuntFixture.run("refresh-token-two-ips", refreshes(other: "10.8.0.1", minute: 607)).findings.isEmpty)
    }

    @Test func lokiRefreshLinesTakeTheAddressOfTheirAccessLine() throws {
        func withLoki(accessLine: Bool) -> HuntRows {
            var rows = HuntRows()
            rows.event(
                "vpn", "auth_refresh", user: "u-alice", email: "alice@example.com", ip: "10.8.0.1", day: 12, minute: 601
            )
            rows.backendLine(event: "tokens_refreshed", user: "u-alice", day: 12, minute: 605)
            if accessLine {
                rows.backendLine(path: "/api/v1/auth/refresh", ip: "198.51.100.250", day: 12, minute: 605, second: 1)
            }
            return rows
        }
        let outcome = try HuntFixture.run("refresh-token-two-ips", withLoki(accessLine: true))
        #expect(outcome.findings.count == 1)
        #expect(outcome.findings[0].summary.contains("198.51.100.250"))
        #expect(Set(outcome.findings[0].evidence.map(\.table)) == ["audit_events", "loki_entries"])

        #expect(try HuntFixture.run("refresh-token-two-ips", withLoki(accessLine: false)).findings.isEmpty)
    }

    /// The access line pairs with the refresh line when within 2 s of it, before or after,
    /// whichever 3-second bucket either falls in (the refresh line starts one here).
    @Test(arguments: [(1, true), (2, true), (-1, true), (-2, true), (3, false), (-3, false), (5, false)])
    func anAccessLinePairsWithinTwoSeconds(offset: Int, pairs: Bool) throws {
        var rows = HuntRows()
        rows.event("vpn", "auth_refresh", user: "u-alice", email: "alice@example.com", ip: "10.8.0.1", day: 12, minute: 601)
        rows.backendLine(event: "tokens_refreshed", user: "u-alice", day: 12, minute: 605)
        rows.backendLine(path: "/api/v1/auth/refresh", ip: "198.51.100.250", day: 12, minute: 605, second: offset)
        #expect(try HuntFixture.run("refresh-token-two-ips", rows).findings.count == (pairs ? 1 : 0))
    }
}
