import AegisAudit
import Hunts
import Testing

/// Hunt files are read key by key: every shipped hunt reads, and each mistake is reported at
/// its line.
@Suite struct HuntFileTests {
    static let valid = """
        id = "demo-hunt"
        title = "A demo"
        description = "What it finds."
        severity = "low"
        techniques = ["T1078"]
        tables = ["audit_events"]
        evidence = ["audit_events:id"]
        time = "created_at"
        summary = "{id} from {ip_address} within {$lookback}"
        query = '''
        from audit_events | between $since and $until | where isnotnull(ip_address)
        | new ip_address for user_id lookback $lookback
        '''

        [parameters.lookback]
        type = "duration"
        default = "2w"
        description = "how far back"
        """

    @Test func shippedHuntsRead() {
        let ids = HuntFixture.library.hunts.map(\.id)
        #expect(
            ids == [
                "action-without-loki-line", "decision-flip-after-policy-change", "executor-action-without-allow",
                "executor-new-namespace",
                "executor-new-namespace-for-requester", "executor-outside-allowlist", "executor-rejected-by-requester",
                "leak-active-principals", "leak-new-ip", "leak-new-namespace", "leak-new-resource",
                "leak-new-user-agent", "leak-principal-activity", "login-failures-then-success", "login-new-ip",
                "loki-audit-id-without-row", "privileged-outside-business-hours", "refresh-token-two-ips",
                "signature-replay",
            ])
        for hunt in HuntFixture.library.hunts {
            #expect(!hunt.techniques.isEmpty, "\(hunt.id)")
            #expect(hunt.query.contains("$since") || hunt.query.contains("between"), "\(hunt.id)")
        }
    }

    @Test func readsEveryField() throws {
        let hunt = try HuntFile.parse(Self.valid, path: "queries/demo-hunt.toml")
        #expect(hunt.severity == .low)
        #expect(hunt.evidence == [EvidenceColumn(table: "audit_events", column: "id")])
        #expect(hunt.parameters.map(\.name) == ["lookback"])
        #expect(try hunt.parameters[0].defaultValue(context: InvestigationContext()) == .duration(14 * 86_400))
        #expect(hunt.query.hasPrefix("from audit_events |"))
    }

    @Test func runsAndFillsTheSummary() throws {
        let hunt = try HuntFile.parse(Self.valid, path: "queries/demo-hunt.toml")
        var rows = HuntRows()
        rows.event("e1", "auth_login_success", user: "u", email: "u@example.com", ip: "192.0.2.1", day: 3)
        let path = try HuntFixture.cache(rows)
        let outcome = try HuntRunner(now: HuntFixture.now).run([hunt], on: Cache.openForReading(path: path))[0]
        #expect(outcome.findings.map(\.summary) == ["e1 from 192.0.2.1 within 2w"])
        #expect(outcome.parameters["lookback"] == .duration(14 * 86_400))
    }

    @Test(arguments: [
        ("id = \"demo-hunt\"", "id = \"other\"", 1, "the id must be the file's name"),
        ("severity = \"low\"", "severity = \"severe\"", 4, "severity must be one of"),
        ("techniques = [\"T1078\"]", "techniques = [\"1078\"]", 5, "is not an ATT&CK technique id"),
        ("evidence = [\"audit_events:id\"]", "evidence = [\"users:id\"]", 7, "with the table among 'tables'"),
        ("type = \"duration\"", "type = \"date\"", 16, "type must be one of"),
        ("default = \"2w\"", "default = \"two weeks\"", 17, "is not a duration"),
        ("time = \"created_at\"", "when = \"created_at\"", 8, "unknown key 'when'"),
    ])
    func mistakes(original: String, replacement: String, line: Int, message: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try HuntFile.parse(text, path: "queries/demo-hunt.toml")
            Issue.record("parsed with \(replacement)")
        } catch {
            guard case .file(_, let errorLine, _, let errorMessage) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(errorLine == line)
            #expect(errorMessage.contains(message), "\(errorMessage)")
        }
    }

    @Test func summaryMustNameReturnedColumns() throws {
        let text = Self.valid.replacingOccurrences(of: "{ip_address}", with: "{address}")
        let hunt = try HuntFile.parse(text, path: "queries/demo-hunt.toml")
        let path = try HuntFixture.cache(HuntRows())
        #expect(throws: HuntError.self) { try HuntRunner().run([hunt], on: Cache.openForReading(path: path)) }
    }

    @Test func unknownParametersAreRefused() throws {
        let path = try HuntFixture.cache(HuntRows())
        let hunts = try HuntFixture.library.select(["signature-replay", "login-new-ip"])
        for overrides in [["lookbak": "3d"], ["signature-replay.lookback": "3d"], ["since": "3d"]] {
            #expect(throws: HuntError.self) {
                try HuntRunner(overrides: overrides).run(hunts, on: Cache.openForReading(path: path))
            }
        }
        #expect(throws: HuntError.self) { try HuntFixture.library.select(["no-such-hunt"]) }
        #expect(throws: HuntError.self) {
            try HuntRunner(overrides: ["lookback": "soon"]).run(hunts, on: Cache.openForReading(path: path))
        }
    }
}
