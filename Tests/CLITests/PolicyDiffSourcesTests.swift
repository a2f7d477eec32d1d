import AegisAudit
import Foundation
import TestSupport
import Testing

/// `policies diff` on a cache written directly: two sources with policies compared each with
/// its own snapshots, JSON text compared whatever its key order, and names from a source that
/// hold terminal escapes shown escaped.
@Suite struct PolicyDiffSourcesTests {
    static let escape = "Evil \u{1B}[2J Policy"

    /// backend: #1 (day 10) and #3 (day 20), A deny → allow. backend-eu: #2 (day 10) and #4
    /// (day 20), B priority 1 → 2 and its conditions rewritten with the keys in another order.
    private func cache() throws -> String {
        let path = try makeTemporaryDirectory("policy-sources").appendingPathComponent("c.sqlite").path
        let writer = try Cache.openForWriting(path: path)
        func policy(
            _ snapshot: Int, _ source: String, _ id: String, _ name: String, effect: String, priority: Int,
            conditions: String
        ) -> String {
            """
            INSERT INTO policies (snapshot_no, source, id, name, effect, actions, resources, conditions, priority,
              is_active, updated_at, row_hash)
            VALUES (\(snapshot), '\(source)', '\(id)', '\(name)', '\(effect)', '["read"]', '["/api/*"]', '\(conditions)',
              \(priority), 1, '2026-11-01T00:00:00.000000Z', x'0\(snapshot)');

            """
        }
        var sql = """
            BEGIN;
            INSERT INTO sync_runs (id, started_at, tool_version, options) VALUES (1, 'x', 't', '{}'), (2, 'y', 't', '{}');
            INSERT INTO policy_snapshots VALUES
              (1, 1, 'backend', '2026-11-10T00:00:00.000000Z', 1, x'01'),
              (2, 1, 'backend-eu', '2026-11-10T00:00:00.000000Z', 1, x'02'),
              (3, 2, 'backend', '2026-11-20T00:00:00.000000Z', 1, x'03'),
              (4, 2, 'backend-eu', '2026-11-20T00:00:00.000000Z', 1, x'04');

            """
        sql += policy(1, "backend", "A", "Policy A", effect: "deny", priority: 5, conditions: "{}")
        sql += policy(3, "backend", "A", "Policy A", effect: "allow", priority: 5, conditions: "{}")
        sql += policy(
            2, "backend-eu", "B", Self.escape, effect: "deny", priority: 1,
            conditions: #"{"a": 1, "b": {"c": 2, "d": 3}}"#)
        sql += policy(
            4, "backend-eu", "B", Self.escape, effect: "deny", priority: 2, conditions: #"{"b":{"d":3,"c":2},"a":1.0}"#)
        try writer.run(sql + "COMMIT;")
        return path
    }

    @Test func eachSourceIsComparedWithItsOwnSnapshots() throws {
        let path = try cache()
        let text = try CLIRunner.run(["policies", "diff", "--cache", path])
        #expect(text.status == 1, "\(text.standardError)")
        let out = text.standardOutput
        #expect(
            out.contains(
                "backend: snapshot #1 (2026-11-10T00:00:00.000000Z) → snapshot #3 (2026-11-20T00:00:00.000000Z)"))
        #expect(
            out.contains(
                "backend-eu: snapshot #2 (2026-11-10T00:00:00.000000Z) → snapshot #4 (2026-11-20T00:00:00.000000Z)"))
        #expect(out.contains(#"effect      "deny" → "allow""#))
        #expect(out.contains("priority    1 → 2"))
        #expect(!out.contains("conditions"))
        // No Loki line at all: said, with the window.
        #expect(
            out.contains(
                "no Loki record: Loki was not synced for 2026-11-10T00:00:00.000000Z – 2026-11-20T00:00:00.000000Z"))
        // A source's text cannot drive the terminal.
        #expect(!out.contains("\u{1B}"))
        #expect(out.contains(#""Evil \u{1b}[2J Policy""#))
        // The JSON keeps the text as it is, escaped by JSON.
        let json = try CLIRunner.run(["policies", "diff", "--cache", path, "--format", "jsonl", "--to", "#4"])
        #expect(json.status == 1)
        let rows = try json.standardOutput.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(rows.count == 1)
        #expect(rows[0]["source"] as? String == "backend-eu" && rows[0]["name"] as? String == Self.escape)
        #expect(
            rows[0]["field"] as? String == "priority" && rows[0]["before"] as? Int == 1 && rows[0]["after"] as? Int == 2
        )
    }

    @Test func snapshotsOfTwoSourcesAreNotCompared() throws {
        let path = try cache()
        let mixed = try CLIRunner.run(["policies", "diff", "--cache", path, "--from", "1", "--to", "#4"])
        #expect(mixed.status == 2)
        #expect(mixed.standardError.contains("--from 1 is a snapshot of backend, --to names one of backend-eu"))
        // A numbered --from picks its source; the other is not compared.
        let one = try CLIRunner.run(["policies", "diff", "--cache", path, "--from", "#2", "--to", "2026-11-25"])
        #expect(one.status == 1, "\(one.standardError)")
        #expect(one.standardOutput.contains("backend-eu: snapshot #2 (") && !one.standardOutput.contains("backend: "))
        // By time: each source's latest snapshot then, which is its first here.
        let early = try CLIRunner.run(["policies", "diff", "--cache", path, "--to", "2026-11-15"])
        #expect(early.status == 2)
        #expect(
            early.standardError.contains(
                "backend: snapshot #1 (2026-11-10T00:00:00.000000Z) is its first policy snapshot"))
        let between = try CLIRunner.run([
            "policies", "diff", "--cache", path, "--from", "2026-11-15", "--to", "2026-11-25",
        ])
        #expect(between.status == 1)
        #expect(
            between.standardOutput.contains("backend: snapshot #1 (")
                && between.standardOutput.contains("backend-eu: snapshot #2 ("))
    }
}
