import AegisAudit
import Hunts
import Testing

/// The executor hunts fire on a planted case and stay quiet with its evidence removed.
@Suite struct ExecutorHuntTests {
    /// ai-engine restarts pods in production, ci-deployer in staging, for ten days.
    private func history() -> HuntRows {
        var rows = HuntRows()
        for day in 0..<10 {
            rows.action("p\(day)", namespace: "production", requester: "ai-engine", day: day)
            rows.action("s\(day)", namespace: "staging", requester: "ci-deployer", day: day, minute: 30)
        }
        return rows
    }

    @Test func namespaceNeverTouched() throws {
        var rows = history()
        rows.action("planted", namespace: "kube-system", requester: "ci-deployer", day: 12)
        let outcome = try HuntFixture.run("executor-new-namespace", rows)
        #expect(HuntFixture.evidence(outcome) == [["planted"]])
        #expect(outcome.findings[0].summary.contains("in kube-system"))
        #expect(try HuntFixture.run("executor-new-namespace", history()).findings.isEmpty)
        // The backend's copy of an action is not the executor acting.
        var copy = history()
        copy.action("planted", namespace: "kube-system", requester: "ci-deployer", day: 12, source: "backend")
        #expect(try HuntFixture.run("executor-new-namespace", copy).findings.isEmpty)
    }

    @Test func namespaceNewForTheRequester() throws {
        var rows = history()
        rows.action("planted", namespace: "production", requester: "ci-deployer", day: 12)
        let outcome = try HuntFixture.run("executor-new-namespace-for-requester", rows)
        #expect(HuntFixture.evidence(outcome) == [["planted"]])
        // production is not new to the executor, only to ci-deployer.
        #expect(try HuntFixture.run("executor-new-namespace", rows).findings.isEmpty)
        #expect(try HuntFixture.run("executor-new-namespace-for-requester", history()).findings.isEmpty)
    }

    @Test func outsideTheAllowlist() throws {
        var rows = history()
        rows.action("planted", namespace: "kube-system", requester: "ci-deployer", day: 12)
        rows.action(
            "refused", namespace: "kube-system", requester: "ci-deployer", status: "rejected", day: 12, minute: 9)
        var context = InvestigationContext()
        context.namespaceAllowlist = ["production", "staging"]
        let outcome = try HuntFixture.run("executor-outside-allowlist", rows, context: context)
        #expect(HuntFixture.evidence(outcome) == [["planted"]])
        #expect(outcome.findings[0].severity == .critical)

        var quiet = history()
        quiet.action("refused", namespace: "kube-system", requester: "ci-deployer", status: "rejected", day: 12)
        #expect(try HuntFixture.run("executor-outside-allowlist", quiet, context: context).findings.isEmpty)
        // Without an allowlist the hunt cannot judge: it is skipped, not run.
        let skipped = try HuntFixture.run("executor-outside-allowlist", rows)
        guard case .skipped(let reason) = skipped.status else {
            Issue.record("expected a skip")
            return
        }
        #expect(reason.contains("allowlist"))
        let given = try HuntFixture.run(
            "executor-outside-allowlist", rows, parameters: ["allowlist": "production, staging"])
        #expect(HuntFixture.evidence(given) == [["planted"]])
    }

    @Test func rejectedPerRequester() throws {
        var rows = history()
        rows.action(
            "r1", namespace: "kube-system", requester: "mallory", status: "rejected", ip: "198.51.100.250", day: 12)
        rows.action(
            "r2", namespace: "default", requester: "mallory", status: "rejected", ip: "198.51.100.251", day: 12,
            minute: 1)
        let outcome = try HuntFixture.run("executor-rejected-by-requester", rows)
        #expect(HuntFixture.evidence(outcome) == [["r1", "r2"]])
        #expect(outcome.findings[0].summary.hasPrefix("mallory: 2 rejected executor action(s)"))
        #expect(outcome.findings[0].summary.contains("198.51.100.250, 198.51.100.251"))
        #expect(
            try HuntFixture.run("executor-rejected-by-requester", rows, parameters: ["min_rejected": "3"]).findings
                .isEmpty)
        #expect(try HuntFixture.run("executor-rejected-by-requester", history()).findings.isEmpty)
    }

    @Test func signatureReplay() throws {
        var rows = history()
        rows.action(
            "replay", namespace: "production", requester: "ai-engine", status: "failed", ip: "198.51.100.250",
            signature: "sig-p3", day: 12)
        let outcome = try HuntFixture.run("signature-replay", rows)
        #expect(HuntFixture.evidence(outcome) == [["p3", "replay"]])
        #expect(outcome.findings[0].summary.contains("used 2 times"))
        #expect(outcome.findings[0].summary.contains("10.244.1.1, 198.51.100.250"))
        #expect(try HuntFixture.run("signature-replay", history()).findings.isEmpty)
        // A replay before the window is not reported in it.
        let later = HuntRunner.Window(since: HuntRows.time(13))
        let runner = HuntRunner(window: later, now: HuntFixture.now)
        let path = try HuntFixture.cache(rows)
        let windowed = try runner.run(
            HuntFixture.library.select(["signature-replay"]), on: Cache.openForReading(path: path))
        #expect(windowed[0].findings.isEmpty)
    }
}
