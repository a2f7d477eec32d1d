import AegisAudit
import Hunts
import Testing

/// The login hunts fire on a planted case and stay quiet with its evidence removed.
@Suite struct LoginHuntTests {
    /// Alice logs in from the VPN every day for ten days.
    private func history() -> HuntRows {
        var rows = HuntRows()
        for day in 0..<10 {
            rows.event(
                "h\(day)", "auth_login_success", user: "u-alice", email: "alice@example.com", ip: "10.8.0.1", day: day)
        }
        return rows
    }

    @Test func newIPOutsideTrustedNetworks() throws {
        var rows = history()
        rows.event(
            "planted", "auth_login_success", user: "u-alice", email: "alice@example.com", ip: "203.0.113.9", day: 12)
        let outcome = try HuntFixture.run("login-new-ip", rows)
        #expect(HuntFixture.evidence(outcome) == [["planted"]])
        #expect(outcome.findings[0].summary.contains("alice@example.com logged in from 203.0.113.9"))
        #expect(outcome.findings[0].time == HuntRows.time(12))
        #expect(
            outcome.findings[0].summary.hasSuffix(
                "first seen in audit_events at \(HuntRows.time(12)), for 1 account(s)"))

        // An address other accounts used before is new for Alice all the same, and says so.
        var elsewhere = history()
        elsewhere.event(
            "bob", "auth_login_success", user: "u-bob", email: "bob@example.com", ip: "203.0.113.9", day: 9)
        elsewhere.event(
            "planted", "auth_login_success", user: "u-alice", email: "alice@example.com", ip: "203.0.113.9", day: 12)
        let seen = try HuntFixture.run("login-new-ip", elsewhere)
        #expect(HuntFixture.evidence(seen) == [["bob"], ["planted"]])  // Bob's first login is new for him too
        #expect(
            seen.findings[1].summary.hasSuffix("first seen in audit_events at \(HuntRows.time(9)), for 2 account(s)"))

        #expect(try HuntFixture.run("login-new-ip", history()).findings.isEmpty)
    }

    @Test func newIPQuietWhenSeenBeforeTrustedOrDuringWarmup() throws {
        var seen = history()
        seen.event(
            "before", "auth_login_success", user: "u-alice", email: "alice@example.com", ip: "203.0.113.9", day: 5)
        seen.event(
            "planted", "auth_login_success", user: "u-alice", email: "alice@example.com", ip: "203.0.113.9", day: 12)
        #expect(try HuntFixture.run("login-new-ip", seen).findings.isEmpty)

        var trusted = history()
        trusted.event(
            "planted", "auth_login_success", user: "u-alice", email: "alice@example.com", ip: "203.0.113.9", day: 12)
        var context = InvestigationContext()
        context.networks = ["corp": ["10.8.0.0/16"], "office": ["203.0.113.0/24"]]
        #expect(try HuntFixture.run("login-new-ip", trusted, context: context).findings.isEmpty)
        // Naming a network on the command line replaces the context's set.
        let named = try HuntFixture.run("login-new-ip", trusted, parameters: ["trusted": "corp"], context: context)
        #expect(HuntFixture.evidence(named) == [["planted"]])

        var early = history()
        early.event(
            "planted", "auth_login_success", user: "u-alice", email: "alice@example.com", ip: "203.0.113.9", day: 3)
        #expect(try HuntFixture.run("login-new-ip", early).findings.isEmpty)
        #expect(try HuntFixture.run("login-new-ip", early, parameters: ["warmup": "2d"]).findings.count == 1)
    }

    /// Three failures for admin from one address, then on-call logs in from it.
    private func spray(failures: Int) -> HuntRows {
        var rows = history()
        for index in 0..<failures {
            rows.event(
                "f\(index)", "auth_login_failure", user: nil, email: "admin@example.com", ip: "198.51.100.250", day: 12,
                minute: index)
        }
        rows.event(
            "success", "auth_login_success", user: "u-oncall", email: "oncall@example.com", ip: "198.51.100.250",
            day: 12, minute: 5)
        return rows
    }

    @Test func failuresThenSuccessFromTheSameIP() throws {
        let outcome = try HuntFixture.run("login-failures-then-success", spray(failures: 3))
        #expect(HuntFixture.evidence(outcome) == [["f0", "f1", "f2", "success"]])
        #expect(outcome.findings[0].summary.contains("after 3 failed logins with the same ip"))

        #expect(try HuntFixture.run("login-failures-then-success", spray(failures: 2)).findings.isEmpty)
        #expect(try HuntFixture.run("login-failures-then-success", spray(failures: 0)).findings.isEmpty)
    }

    @Test func failuresThenSuccessForTheSameAccount() throws {
        func guessing(failures: Int) -> HuntRows {
            var rows = history()
            for index in 0..<failures {
                rows.event(
                    "g\(index)", "auth_login_failure", user: "u-alice", email: "alice@example.com",
                    ip: "192.0.2.\(index + 1)", day: 12, minute: index)
            }
            rows.event(
                "success", "auth_login_success", user: "u-alice", email: "alice@example.com", ip: "192.0.2.99", day: 12,
                minute: 30)
            return rows
        }
        let outcome = try HuntFixture.run("login-failures-then-success", guessing(failures: 4))
        #expect(HuntFixture.evidence(outcome) == [["g0", "g1", "g2", "g3", "success"]])
        #expect(outcome.findings[0].summary.contains("with the same account"))
        #expect(try HuntFixture.run("login-failures-then-success", guessing(failures: 0)).findings.isEmpty)
        // Failures longer ago than the window do not count.
        #expect(
            try HuntFixture.run("login-failures-then-success", guessing(failures: 4), parameters: ["window": "20m"])
                .findings.isEmpty)
    }
}
