import AegisAudit
import Foundation
import TestSupport
import Testing

/// `policy_changes` and the policy rows of `timeline`: added, changed (field by field) and
/// removed between consecutive snapshots, at the policy's own time when it is believable.
@Suite struct PolicyChangesViewTests {
    /// Snapshot 1 (taken day 10): A deny, B. Snapshot 2 (taken day 20): A allow (updated day 15),
    /// C added (created day 18), B gone; D changed without touching updated_at.
    private func cache() throws -> Cache {
        let path = try makeTemporaryDirectory("policy-changes").appendingPathComponent("c.sqlite").path
        let writer = try Cache.openForWriting(path: path)
        func policy(
            _ snapshot: Int, _ id: String, effect: String, priority: Int, updated: String,
            created: String = "2026-01-01"
        )
            -> String
        {
            """
            INSERT INTO policies (snapshot_no, source, id, name, effect, priority, is_active, created_at, updated_at, row_hash)
            VALUES (\(snapshot), 'backend', '\(id)', 'Policy \(id)', '\(effect)', \(priority), 1,
              '\(created)T00:00:00.000000Z', '\(updated)T00:00:00.000000Z', x'\(snapshot)\(id == "A" ? "1" : "2")');

            """
        }
        var sql = """
            BEGIN;
            INSERT INTO sync_runs (id, started_at, tool_version, options) VALUES (1, 'x', 't', '{}'), (2, 'y', 't', '{}');
            INSERT INTO policy_snapshots VALUES (1, 1, 'backend', '2026-11-10T00:00:00.000000Z', 3, x'01'),
              (2, 2, 'backend', '2026-11-20T00:00:00.000000Z', 3, x'02');

            """
        sql += policy(1, "A", effect: "deny", priority: 500, updated: "2026-05-05")
        sql += policy(1, "B", effect: "allow", priority: 10, updated: "2026-05-05")
        sql += policy(1, "D", effect: "allow", priority: 10, updated: "2026-05-05")
        sql += policy(2, "A", effect: "allow", priority: 500, updated: "2026-11-15")
        sql += policy(2, "C", effect: "deny", priority: 20, updated: "2026-11-18", created: "2026-11-18")
        sql += policy(2, "D", effect: "allow", priority: 90, updated: "2026-05-05")
        try writer.run(sql + "COMMIT;")
        return try Cache.openForReading(path: path)
    }

    private func rows(_ sql: String, _ cache: Cache) throws -> [[String]] {
        let statement = try cache.database.prepare(sql)
        var rows: [[String]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.text($0) ?? "NULL" })
        }
        return rows
    }

    @Test func addedChangedAndRemovedWithTheirFields() throws {
        let cache = try cache()
        let changes = try rows(
            "SELECT policy_id, change, time, fields, diff, snapshot_before, snapshot_after FROM policy_changes "
                + "ORDER BY policy_id", cache)
        #expect(
            changes.map { [$0[0], $0[1]] } == [
                ["A", "changed"], ["B", "removed"], ["C", "added"], ["D", "changed"],
            ])
        // A: its own updated_at, which moved and is before the snapshot that saw it.
        #expect(changes[0][2] == "2026-11-15T00:00:00.000000Z")
        #expect(changes[0][3] == "effect, updated_at")
        #expect(changes[0][4].hasPrefix("effect deny → allow; updated_at 2026-05-05T00:00:00.000000Z → 2026-11-15"))
        #expect(changes[0][5] == "1" && changes[0][6] == "2")
        // B: gone, noticed when the snapshot was taken.
        #expect(changes[1][2] == "2026-11-20T00:00:00.000000Z")
        #expect(changes[1][4].hasPrefix("effect allow, priority 10, active true"))
        // C: created on the 18th.
        #expect(changes[2][2] == "2026-11-18T00:00:00.000000Z")
        // D: changed without updated_at moving: the time it was noticed, not its stale updated_at.
        #expect(changes[3][2] == "2026-11-20T00:00:00.000000Z")
        #expect(changes[3][3] == "priority")
        #expect(changes[3][4] == "priority 10 → 90")
    }

    @Test func theTimelineShowsEachChangeOnce() throws {
        let cache = try cache()
        let timeline = try rows(
            "SELECT time, kind, target, result, row_id, summary FROM timeline WHERE source = 'policies' ORDER BY time, row_id",
            cache)
        #expect(timeline.map { $0[1] } == ["policy_changed", "policy_added", "policy_removed", "policy_changed"])
        #expect(timeline.map { $0[4] } == ["A", "C", "B", "D"])
        #expect(timeline[0][2] == "Policy A")
        #expect(timeline[0][3] == "allow")
        #expect(timeline[0][5].contains("(snapshot 1 → 2, noticed 2026-11-20T00:00:00.000000Z)"))
        // A removed policy shows the effect it had.
        #expect(timeline[2][3] == "allow")
    }
}
