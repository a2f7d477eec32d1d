import AegisAudit
import Hunts
import Testing

/// The decision-flip and cross-source hunts fire on a planted case and stay quiet with its
/// evidence removed.
@Suite struct PolicyAndGapHuntTests {
    private func flip(policyChangedAt minute: Int?, applied: [String] = ["Deny Mutations in kube-system"]) -> HuntRows {
        var rows = HuntRows()
        rows.decision(
            "other", user: "ai-engine", action: "restart", resource: "deployment:production/web", result: "allow",
            day: 12)
        rows.decision(
            "denied", user: "ci-deployer", action: "delete", resource: "deployment:kube-system/coredns", result: "deny",
            applied: applied, day: 17, minute: 135)
        rows.decision(
            "allowed", user: "ci-deployer", action: "delete", resource: "deployment:kube-system/coredns",
            result: "allow", day: 17, minute: 138)
        rows.policy("pol-other", name: "Allow Restarts", effect: "allow", updatedDay: 2)
        if let minute {
            rows.policy(
                "pol-guard", name: "Deny Mutations in kube-system", effect: "allow", updatedDay: 17, minute: minute)
        }
        return rows
    }

    @Test func denyThenAllowAfterAPolicyChange() throws {
        let outcome = try HuntFixture.run("decision-flip-after-policy-change", flip(policyChangedAt: 137))
        #expect(HuntFixture.evidence(outcome) == [["allowed", "denied", "pol-guard"]])
        #expect(outcome.findings[0].summary.contains("after Deny Mutations in kube-system changed"))
        #expect(outcome.findings[0].evidence.contains(EvidenceReference(table: "policies", id: "pol-guard")))
        // No policy changed between the two decisions.
        #expect(try HuntFixture.run("decision-flip-after-policy-change", flip(policyChangedAt: nil)).findings.isEmpty)
        #expect(try HuntFixture.run("decision-flip-after-policy-change", flip(policyChangedAt: 100)).findings.isEmpty)
        // The policy that changed must be one the deny applied, by id or by name.
        let unrelated = flip(policyChangedAt: 137, applied: ["Allow Restarts"])
        #expect(try HuntFixture.run("decision-flip-after-policy-change", unrelated).findings.isEmpty)
        let byID = flip(policyChangedAt: 137, applied: ["pol-guard"])
        #expect(HuntFixture.evidence(try HuntFixture.run("decision-flip-after-policy-change", byID)).count == 1)
    }

    @Test func lokiLineWithoutAuditRow() throws {
        var rows = HuntRows()
        rows.action("kept", namespace: "production", requester: "ai-engine", day: 12)
        rows.lokiLine(auditID: "kept", day: 12)
        var planted = rows
        planted.lokiLine(auditID: "deleted-row", day: 12, minute: 5)
        planted.lokiLine(auditID: "deleted-row", day: 12, minute: 6)
        let outcome = try HuntFixture.run("loki-audit-id-without-row", planted)
        #expect(outcome.findings.count == 1)
        #expect(outcome.findings[0].evidence.map(\.table) == ["loki_entries", "loki_entries"])
        #expect(outcome.findings[0].summary.contains("audit id deleted-row is in 2 Loki line(s)"))
        #expect(try HuntFixture.run("loki-audit-id-without-row", rows).findings.isEmpty)
    }

    @Test func auditRowWithoutLokiLine() throws {
        /// Ten actions in one hour, each logged, and a `middle` one logged or not.
        func rows(loggingTheMiddle: Bool, logged: Int = 10) -> HuntRows {
            var rows = HuntRows()
            for index in 0..<10 {
                rows.action("a\(index)", namespace: "production", requester: "ai-engine", day: 12, minute: index * 5)
                if index < logged { rows.lokiLine(auditID: "a\(index)", day: 12, minute: index * 5) }
            }
            rows.action("middle", namespace: "production", requester: "ai-engine", day: 12, minute: 22)
            if loggingTheMiddle { rows.lokiLine(auditID: "middle", day: 12, minute: 22) }
            rows.action("unlogged-hour", namespace: "production", requester: "ai-engine", day: 2)
            return rows
        }
        let outcome = try HuntFixture.run("action-without-loki-line", rows(loggingTheMiddle: false))
        #expect(HuntFixture.evidence(outcome) == [["middle"]])
        #expect(outcome.findings[0].summary.contains("Loki logged 10 of the 11 executor actions of that hour"))
        #expect(try HuntFixture.run("action-without-loki-line", rows(loggingTheMiddle: true)).findings.isEmpty)
        // Sampled logs (3 of 11 lines) say nothing about one missing line.
        #expect(
            try HuntFixture.run("action-without-loki-line", rows(loggingTheMiddle: false, logged: 3)).findings.isEmpty)
        let lower = try HuntFixture.run(
            "action-without-loki-line", rows(loggingTheMiddle: false, logged: 3), parameters: ["min_coverage": "20"])
        #expect(lower.findings.count == 8)
        // Without any Loki line there is nothing to compare with.
        var noLoki = HuntRows()
        noLoki.action("alone", namespace: "production", requester: "ai-engine", day: 12)
        #expect(try HuntFixture.run("action-without-loki-line", noLoki).findings.isEmpty)
    }
}
