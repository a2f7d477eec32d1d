import AegisAudit
import Hunts
import Testing

/// `executor-action-without-allow` fires on an executor action that skipped the policy check
/// and stays quiet when the check is there or the requester's decisions are not recorded.
@Suite struct ExecutorAuthorisationHuntTests {
    private let allowed = #"{"allowed": true, "reason": "Allowed by policy: CI Deploys"}"#

    /// ci-deployer's twenty actions, each with the executor's allowed decision.
    private func checked(decided: Int = 20) -> HuntRows {
        var rows = HuntRows()
        for index in 0..<20 {
            rows.action(
                "c\(index)", namespace: "production", requester: "ci-deployer", day: 12, minute: index * 3,
                decision: index < decided ? allowed : nil)
        }
        return rows
    }

    private func unchecked(
        _ rows: HuntRows, evaluationMinute: Int? = nil, namespace: String = "kube-system", action: String = "scale",
        workload: String = "pod"
    ) -> HuntRows {
        var rows = rows
        rows.action(
            "planted", namespace: "kube-system", requester: "ci-deployer", ip: "198.51.100.250", day: 12, minute: 141,
            type: "scale_deployment")
        if let evaluationMinute {
            rows.decision(
                "eval", user: "ci-deployer", action: action, resource: "deployment:\(namespace)/\(workload)",
                result: "allow", day: 12, minute: evaluationMinute)
        }
        return rows
    }

    @Test func anActionWithoutDecisionOrAllowIsReported() throws {
        let outcome = try HuntFixture.run("executor-action-without-allow", unchecked(checked()))
        #expect(HuntFixture.evidence(outcome) == [["planted"]])
        #expect(
            outcome.findings[0].summary.contains(
                "scale_deployment kube-system/pod-planted (completed) from 198.51.100.250"))
        #expect(outcome.findings[0].summary.contains("20 of its 21 actions carry one"))
        #expect(try HuntFixture.run("executor-action-without-allow", checked()).findings.isEmpty)
    }

    @Test func anAllowBeforeItInTheSameNamespaceIsEnough() throws {
        let evaluated = unchecked(checked(), evaluationMinute: 138)
        #expect(try HuntFixture.run("executor-action-without-allow", evaluated).findings.isEmpty)
        // An ALLOW after the action, too long before it, or for another namespace does not count.
        for (minute, namespace) in [(143, "kube-system"), (120, "kube-system"), (138, "production")] {
            let rows = unchecked(checked(), evaluationMinute: minute, namespace: namespace)
            #expect(
                try HuntFixture.run("executor-action-without-allow", rows).findings.count == 1, "\(minute) \(namespace)"
            )
        }
        // Nor does an ALLOW for another verb or another workload; scale_up is a scale.
        let otherVerb = unchecked(checked(), evaluationMinute: 138, action: "restart")
        #expect(try HuntFixture.run("executor-action-without-allow", otherVerb).findings.count == 1)
        let otherWorkload = unchecked(checked(), evaluationMinute: 138, workload: "coredns")
        #expect(try HuntFixture.run("executor-action-without-allow", otherWorkload).findings.count == 1)
        let scaleUp = unchecked(checked(), evaluationMinute: 138, action: "scale_up")
        #expect(try HuntFixture.run("executor-action-without-allow", scaleUp).findings.isEmpty)
    }

    @Test func requestersWhoseDecisionsAreOftenMissingAreNotJudged() throws {
        let sometimes = unchecked(checked(decided: 10))
        #expect(try HuntFixture.run("executor-action-without-allow", sometimes).findings.isEmpty)
        let lower = try HuntFixture.run("executor-action-without-allow", sometimes, parameters: ["min_coverage": "40"])
        #expect(lower.findings.count == 11)
    }
}
