import AegisAudit
import AegisSources
import Foundation
import TestSupport
import Testing

/// A backend whose policies change between two syncs, with the changes' HTTP requests in Loki;
/// `aegis-audit policies diff` on the cache.
enum PolicyDiffCache {
    static let lockdown = "4e0c1b2a-0000-4000-8000-000000000001"
    static let kubeSystem = "4e0c1b2a-0000-4000-8000-000000000002"
    static let restarts = "4e0c1b2a-0000-4000-8000-000000000003"
    static let retired = "4e0c1b2a-0000-4000-8000-000000000004"
    static let added = "4e0c1b2a-0000-4000-8000-000000000005"
    static let attacker = "198.51.100.250"

    /// Snapshot 1: four policies. Then: kube-system deny → allow with one more action (PUT in
    /// Loki, and an older PUT from before snapshot 1 that must not be shown), the restarts
    /// policy's actions reordered (no change), the retired one deleted (DELETE in Loki), the
    /// lockdown deactivated without a trace, one policy added (POST in Loki). Snapshot 2.
    static let path: Result<String, Error> = Result {
        let (backend, _) = try GeneratedData.load(dialect: .snake, rows: 40)
        _ = try TestPostgres.psql(
            """
            DELETE FROM policies;
            INSERT INTO policies (id, name, description, effect, actions, resources, conditions, priority, is_active, updated_at)
            VALUES
              ('\(lockdown)', 'Emergency Lockdown', 'Deny all during incidents', 'deny', '{*}', '{/api/*}',
               '{"role": "user", "metadata": {"emergencyMode": true}}', 1000, true, '2026-01-01T00:00:00Z'),
              ('\(kubeSystem)', 'Deny Mutations in kube-system', NULL, 'deny', '{delete,scale}', '{deployment:kube-system/*}',
               '{}', 500, true, '2026-01-01T00:00:00Z'),
              ('\(restarts)', 'Auto Restart Failed Services', 'Restart unhealthy pods', 'allow', '{restart,notify}',
               '{service:*}', '{"metadata": {"failureCount": 3, "healthStatus": "unhealthy"}}', 100, true,
               '2026-01-01T00:00:00Z'),
              ('\(retired)', 'Old Allow Reads', 'Read anything', 'allow', '{read}', '{/api/*}', '{"role": "viewer"}', 10,
               true, '2026-01-01T00:00:00Z');
            """, database: backend)
        var harness = try SyncHarness(label: "policy-diff")
        harness.overlapSeconds = 600
        try harness.sync(backend: backend)
        let afterFirst = CacheTime.nowNanoseconds()
        _ = try TestPostgres.psql(
            """
            UPDATE policies SET effect = 'allow', actions = '{delete,scale,patch}', updated_at = now() WHERE id = '\(kubeSystem)';
            UPDATE policies SET actions = '{notify,restart}' WHERE id = '\(restarts)';
            UPDATE policies SET is_active = false WHERE id = '\(lockdown)';
            DELETE FROM policies WHERE id = '\(retired)';
            INSERT INTO policies (id, name, effect, actions, resources, conditions, priority)
            VALUES ('\(added)', 'Allow All Scale', 'allow', '{scale}', '{deployment:*}', '{}', 5);
            """, database: backend)
        let server = FakeLokiServer()
        try server.start()
        let labels = ["job": "aegis-backend"]
        func http(_ method: String, _ path: String, status: Int, ip: String, agent: String) -> String {
            #"[Nest] 1  - 11/27/2026, 2:17:00 AM     LOG [HTTP] {"level":"info","message":"\#(method) \#(path) \#(status) 12ms","method":"\#(method)","path":"\#(path)","ip":"\#(ip)","duration_ms":12,"statusCode":\#(status),"userAgent":"\#(agent)"}"#
        }
        server.add([
            FakeLokiServer.Entry(
                labels: labels, timestamp: afterFirst - 86_400_000_000_000,
                line: http("PUT", "/api/v1/policy/\(kubeSystem)", status: 200, ip: "10.8.0.5", agent: "ops-console/1.0")
            ),
            FakeLokiServer.Entry(
                labels: labels, timestamp: afterFirst + 1_000_000,
                line: http(
                    "PUT", "/api/v1/policy/\(kubeSystem)", status: 200, ip: attacker, agent: "python-requests/2.31.0")),
            FakeLokiServer.Entry(
                labels: labels, timestamp: afterFirst + 2_000_000,
                line:
                    #"[Nest] 1  - 11/27/2026, 2:17:00 AM     LOG [PolicyService] Policy updated: Deny Mutations in kube-system (\#(kubeSystem))"#
            ),
            FakeLokiServer.Entry(
                labels: labels, timestamp: afterFirst + 3_000_000,
                line: http("DELETE", "/api/v1/policy/\(retired)", status: 200, ip: "203.0.113.9", agent: "curl/8.4.0")),
            FakeLokiServer.Entry(
                labels: labels, timestamp: afterFirst + 4_000_000,
                line: http("POST", "/api/v1/policy", status: 201, ip: attacker, agent: "python-requests/2.31.0")),
        ])
        var spec = LokiSyncSpec(settings: LokiSettings(address: server.baseURL))
        spec.until = CacheTime.nowNanoseconds() + 1_000_000_000
        spec.sinceSeconds = 3 * 86_400
        spec.chunkSeconds = 86_400
        var options = SyncOptions(
            cachePath: harness.cachePath,
            sources: [
                SourceSpec(
                    role: .backend,
                    connectionString: TestPostgres.connectionString(database: backend)
                        + " password=\(TestPostgres.superuserPassword)")
            ])
        options.loki = spec
        _ = try SyncEngine.run(options, redactor: SecretRedactor())
        server.stop()
        return harness.cachePath
    }

    /// Snapshot 1 as a baseline file, conditions' keys in another order than PostgreSQL's.
    static let baselineYAML = """
        # known good
        ---
        - name: "Emergency Lockdown"
          description: Deny all during incidents
          effect: deny
          priority: 1000
          conditions:
            metadata: {emergencyMode: true}
            role: 'user'
          actions: ["*"]
          resources:
            - /api/*
          isActive: true
          owner: platform-team   # unknown keys are tolerated

        - name: Deny Mutations in kube-system
          description: null
          effect: "deny"
          priority: 500
          conditions: {}
          actions: [scale, delete]
          resources: ["deployment:kube-system/*"]
          isActive: true
        - name: Auto Restart Failed Services
          description: "Restart unhealthy pods"
          effect: allow
          priority: 100
          conditions:
            metadata:
              healthStatus: unhealthy
              failureCount: 3
          actions:
          - restart
          - notify
          resources: ["service:*"]
          isActive: true
        - name: "Old Allow Reads"
          description: "Read anything"
          effect: allow
          priority: 10
          conditions: {role: viewer}
          actions: [read]
          resources: ["/api/*"]
          isActive: true
        """

    /// The same as JSON.
    static let baselineJSON = """
        [
          {"name": "Emergency Lockdown", "description": "Deny all during incidents", "effect": "deny", "priority": 1000,
           "conditions": {"metadata": {"emergencyMode": true}, "role": "user"}, "actions": ["*"],
           "resources": ["/api/*"], "isActive": true},
          {"name": "Deny Mutations in kube-system", "description": null, "effect": "deny", "priority": 500.0,
           "conditions": {}, "actions": ["scale", "delete"], "resources": ["deployment:kube-system/*"], "isActive": true},
          {"name": "Auto Restart Failed Services", "description": "Restart unhealthy pods", "effect": "allow",
           "priority": 100, "conditions": {"metadata": {"healthStatus": "unhealthy", "failureCount": 3}},
           "actions": ["restart", "notify"], "resources": ["service:*"], "isActive": true},
          {"name": "Old Allow Reads", "description": "Read anything", "effect": "allow", "priority": 10,
           "conditions": {"role": "viewer"}, "actions": ["read"], "resources": ["/api/*"], "is_active": true}
        ]
        """
}

@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct PolicyDiffCommandTests {
    /// `policies diff ARGS --format jsonl`: exit status and parsed rows.
    private func diff(_ arguments: [String]) throws -> (status: Int32, rows: [[String: Any]], error: String) {
        let result = try CLIRunner.run(
            ["policies", "diff", "--cache", try PolicyDiffCache.path.get(), "--format", "jsonl"] + arguments)
        let rows = try result.standardOutput.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        return (result.status, rows, result.standardError)
    }

    private func file(_ name: String, _ text: String) throws -> String {
        let path = try makeTemporaryDirectory("policy-baseline").appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func row(_ rows: [[String: Any]], _ name: String, field: String? = nil) -> [String: Any]? {
        rows.first { $0["name"] as? String == name && (field == nil || $0["field"] as? String == field) }
    }

    @Test func snapshotsComparedFieldByFieldWithWhoChangedThem() throws {
        let (status, rows, error) = try diff([])
        #expect(status == 1, "\(error)")
        let changes = Set(rows.map { "\($0["change"]!) \($0["name"]!) \($0["field"] as? String ?? "-")" })
        #expect(
            changes == [
                "changed Deny Mutations in kube-system effect", "changed Deny Mutations in kube-system actions",
                "changed Emergency Lockdown is_active", "removed Old Allow Reads -", "added Allow All Scale -",
            ])
        let effect = try #require(row(rows, "Deny Mutations in kube-system", field: "effect"))
        #expect(effect["before"] as? String == "deny" && effect["after"] as? String == "allow")
        #expect(effect["compared_from"] as? String == (try #require(rows.first)["compared_from"] as? String))
        #expect((effect["compared_from"] as? String ?? "").hasPrefix("snapshot #1 ("))
        let actions = try #require(row(rows, "Deny Mutations in kube-system", field: "actions"))
        #expect(actions["before"] as? [String] == ["delete", "scale"])
        #expect(actions["after"] as? [String] == ["delete", "scale", "patch"])
        // Who: the attacker's PUT and the service's confirmation, not the older PUT before snapshot 1.
        let lines = try #require(effect["loki_lines"] as? [[String: Any]])
        #expect(lines.map { $0["kind"] as? String } == ["policy_change_request", "policy_updated"])
        #expect(lines[0]["method"] as? String == "PUT")
        #expect(lines[0]["path"] as? String == "/api/v1/policy/\(PolicyDiffCache.kubeSystem)")
        #expect(lines[0]["ip"] as? String == PolicyDiffCache.attacker)
        #expect(lines[0]["user_agent"] as? String == "python-requests/2.31.0")
        #expect(lines[0]["status"] as? String == "200")
        #expect(!(effect["attribution"] as? String ?? "").contains("10.8.0.5"))
        // Deactivated without a trace: said so.
        let lockdown = try #require(row(rows, "Emergency Lockdown"))
        #expect(lockdown["before"] as? Int == 1 && lockdown["after"] as? Int == 0)
        #expect((lockdown["loki_lines"] as? [Any])?.isEmpty == true)
        let reason = lockdown["attribution"] as? String ?? ""
        #expect(reason.hasPrefix("no Loki record: no request on this policy in the Loki lines synced for "))
        // Its updated_at (January) is outside the snapshots: looked around it too, where Loki has nothing.
        #expect(reason.contains("Loki was not synced for 2025-12-31T23:45:00.000000Z – 2026-01-01T00:15:00.000000Z"))
        let removed = try #require(row(rows, "Old Allow Reads"))
        #expect(removed["policy_id"] as? String == PolicyDiffCache.retired)
        #expect((removed["before"] as? [String: Any])?["effect"] as? String == "allow")
        #expect(removed["after"] is NSNull)
        #expect((removed["loki_lines"] as? [[String: Any]])?.map { $0["ip"] as? String } == ["203.0.113.9"])
        let added = try #require(row(rows, "Allow All Scale"))
        #expect(added["policy_id"] as? String == PolicyDiffCache.added)
        #expect((added["after"] as? [String: Any])?["actions"] as? [String] == ["scale"])
        #expect((added["loki_lines"] as? [[String: Any]])?.map { $0["method"] as? String } == ["POST"])
        // Reordered actions are the same set: no row.
        #expect(row(rows, "Auto Restart Failed Services") == nil)
    }

    @Test func theSameSnapshotTwiceHasNoDifferences() throws {
        let same = try diff(["--from", "#2", "--to", "2"])
        #expect(same.status == 0, "\(same.error)")
        #expect(same.rows.isEmpty)
        let text = try CLIRunner.run(
            ["policies", "diff", "--cache", try PolicyDiffCache.path.get(), "--from", "#2"])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("backend: snapshot #2 ("))
        #expect(text.standardOutput.contains("no differences (4 policies compared)"))
        // By time: the latest snapshot at or before it.
        let byTime = try diff(["--from", "2000-01-01"])
        #expect(byTime.status == 2)
        #expect(
            byTime.error.contains("--from 2000-01-01: no snapshot of backend was taken at or before 2000-01-01T00:00"))
        let now = try diff(["--to", "2999-01-01T00:00:00Z", "--from", "#1"])
        #expect(now.status == 1)
        #expect(now.rows.count == 5)
    }

    @Test func textIsReadableAndSaysWho() throws {
        let result = try CLIRunner.run(["policies", "diff", "--cache", try PolicyDiffCache.path.get()])
        #expect(result.status == 1, "\(result.standardError)")
        let text = result.standardOutput
        #expect(text.contains(#"CHANGED  "Deny Mutations in kube-system"  \#(PolicyDiffCache.kubeSystem)"#))
        #expect(text.contains(#"effect      "deny" → "allow""#))
        #expect(text.contains(#"actions     ["delete","scale"] → ["delete","scale","patch"]"#))
        #expect(text.contains(#"is_active   true → false"#))
        #expect(
            text.contains(
                "PUT /api/v1/policy/\(PolicyDiffCache.kubeSystem) 200 from \(PolicyDiffCache.attacker) (python-requests/2.31.0)"
            ))
        #expect(text.contains("Loki        no Loki record: "))
        #expect(text.contains("backend: snapshot #1 (") && text.contains("2 changed, 1 added, 1 removed, 1 unchanged"))
    }

    @Test func baselineFilesMatchByNameInYAMLAndJSON() throws {
        let yaml = try file("baseline.yaml", PolicyDiffCache.baselineYAML)
        let json = try file("baseline.json", PolicyDiffCache.baselineJSON)
        // Snapshot 1 is the baseline, whatever the key order, list order or number spelling.
        for path in [yaml, json] {
            let same = try diff(["--baseline", path, "--to", "#1"])
            #expect(same.status == 0, "\(path): \(same.error)")
            #expect(same.rows.isEmpty, "\(path): \(same.rows)")
        }
        let fromYAML = try diff(["--baseline", yaml])
        let fromJSON = try diff(["--baseline", json])
        #expect(fromYAML.status == 1 && fromJSON.status == 1)
        func key(_ row: [String: Any]) -> String {
            "\(row["change"]!) \(row["name"]!) \(row["field"] as? String ?? "-") \(row["policy_id"] as? String ?? "-")"
        }
        let snapshots = try diff([])
        #expect(Set(fromYAML.rows.map(key)) == Set(snapshots.rows.map(key)))
        #expect(fromYAML.rows.map(key) == fromJSON.rows.map(key))
        #expect(fromYAML.rows.allSatisfy { ($0["compared_from"] as? String) == "baseline \(yaml)" })
        // The removed policy has no id in the file: found in the snapshot that last had it, with its DELETE.
        let removed = try #require(row(fromYAML.rows, "Old Allow Reads"))
        #expect(removed["policy_id"] as? String == PolicyDiffCache.retired)
        #expect((removed["loki_lines"] as? [[String: Any]])?.first?["method"] as? String == "DELETE")
        // A changed policy: Loki around its updated_at.
        let effect = try #require(row(fromYAML.rows, "Deny Mutations in kube-system", field: "effect"))
        #expect((effect["loki_lines"] as? [[String: Any]])?.first?["ip"] as? String == PolicyDiffCache.attacker)
    }

    @Test func aBadBaselineFileIsOneLineWithItsPosition() throws {
        let cases: [(String, String, String)] = [
            ("a.yaml", "- name: A\n  actions: [a, b\n", ":2:12: this [ does not close on its line"),
            ("b.yaml", "- name: A\n  priority: high\n", ":2:13: priority must be an integer, not a string"),
            ("c.yaml", "- name: A\n  effect: *deny\n", ":2:11: aliases (*) are not supported"),
            ("d.yaml", "- name: A\n- name: A\n", ":2:3: a second policy named 'A' (the first is at line 1)"),
            ("e.yaml", "name: A\n", ":1:1: expected a list of policies, found a mapping"),
            ("f.json", "[{\"name\": \"A\",\n \"effect\": deny}]", ":2:12: invalid JSON"),
            (
                "g.json", "[{\"name\": \"A\"}, {\"isActive\": 1}]",
                ": policy 2: isActive must be true or false, not a number"
            ),
        ]
        for (name, text, expected) in cases {
            let path = try file(name, text)
            let output = try makeTemporaryDirectory("policy-out").appendingPathComponent("diff.csv").path
            let result = try CLIRunner.run([
                "policies", "diff", "--cache", try PolicyDiffCache.path.get(), "--baseline", path, "--format", "csv",
                "--output", output,
            ])
            #expect(result.status == 2, "\(name)")
            #expect(
                result.standardError.hasPrefix("aegis-audit: error: baseline \(path)\(expected)"),
                "\(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test func exitCodesForUsageAndCache() throws {
        let unknown = try diff(["--to", "#9"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("--to #9: no such snapshot (the cache holds #1 to #2)"))
        let conflict = try diff(["--from", "1", "--baseline", "x.yaml"])
        #expect(conflict.status == 2)
        let first = try diff(["--to", "#1"])
        #expect(first.status == 2)
        #expect(first.error.contains("is its first policy snapshot"))
        let format = try CLIRunner.run([
            "policies", "diff", "--cache", try PolicyDiffCache.path.get(), "--format", "xml",
        ])
        #expect(format.status == 2)
        let missing = try CLIRunner.run(["policies", "diff", "--cache", "/nonexistent/c.sqlite"])
        #expect(missing.status == 4)
        let notACache = try file("c.sqlite", String(repeating: "not a cache\n", count: 20))
        #expect(try CLIRunner.run(["policies", "diff", "--cache", notACache]).status == 4)
    }

    @Test func aCSVExportHasAManifestThatVerifies() throws {
        let output = try makeTemporaryDirectory("policy-export").appendingPathComponent("drift.csv").path
        let result = try CLIRunner.run([
            "policies", "diff", "--cache", try PolicyDiffCache.path.get(), "--format", "csv", "--output", output,
        ])
        #expect(result.status == 1, "\(result.standardError)")
        let csv = try String(contentsOfFile: output, encoding: .utf8)
        #expect(csv.hasPrefix("source,change,policy_id,name,field,before,after,"))
        #expect(csv.utf8.filter { $0 == 0x0A }.count == 6)
        let manifest = try String(contentsOfFile: output + ".manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"policy diff\""))
        let verify = try CLIRunner.run(["verify-export", output])
        #expect(verify.status == 0, "\(verify.standardOutput) \(verify.standardError)")
    }

    /// demo/policy-baseline.yaml is the demo's policies before the incident: the incident's
    /// policy change is its only difference.
    @Test func theDemoBaselineShowsTheIncidentsPolicyChange() throws {
        let baseline = GeneratedData.packageRoot.appendingPathComponent("demo/policy-baseline.yaml").path
        let cache = try IncidentCache.path.get()
        let before = try CLIRunner.run(["policies", "diff", "--cache", cache, "--baseline", baseline, "--to", "1"])
        #expect(before.status == 0, "\(before.standardOutput) \(before.standardError)")
        let after = try CLIRunner.run([
            "policies", "diff", "--cache", cache, "--baseline", baseline, "--format", "jsonl",
        ])
        #expect(after.status == 1, "\(after.standardError)")
        let rows = try after.standardOutput.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(rows.count == 1)
        #expect(rows.first?["name"] as? String == "Deny Mutations in kube-system")
        #expect(rows.first?["field"] as? String == "effect")
        #expect(rows.first?["before"] as? String == "deny" && rows.first?["after"] as? String == "allow")
    }
}
