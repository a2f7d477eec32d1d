import AegisAudit
import Foundation
import TestSupport
import Testing

/// The whole data set the real Loki fixtures were captured from (300,004 lines pushed, 300,003
/// kept, 84 label sets, duplicate nanoseconds, hostile lines) is pulled completely: every
/// window reconciles with count_over_time, and a second sync adds nothing.
@Suite(.serialized) struct LokiFixtureDatasetSyncTests {
    @Test func threeHundredThousandLinesArePulledCompletelyAndOnce() throws {
        let server = try LokiFixtures.loadedServer()
        let harness = try LokiSyncHarness(server: server, label: "loki-300k")
        let from: Int64 = 1_795_478_400_000_000_000  // 2026-11-24T00:00:00Z
        let until: Int64 = 1_795_651_200_000_000_000  // 2026-11-26T00:00:00Z
        let started = Date()
        let report = try harness.sync(from: from, until: until)
        let seconds = Date().timeIntervalSince(started)
        let stored = try #require(try harness.integer("SELECT count(*) FROM loki_entries"))
        print(
            "loki fixture data set: \(stored) lines in \(String(format: "%.1f", seconds)) s "
                + "(\(Int(Double(stored) / seconds)) lines/s, debug build)")
        #expect(stored == 300_003)
        #expect(report.lokiWindows.count == 48)
        #expect(report.unreconciledWindows.isEmpty)
        #expect(try harness.integer("SELECT count(DISTINCT job) FROM loki_entries") == 3)
        #expect(
            try harness.integer("SELECT count(*) FROM loki_entries WHERE ts_ns = 1795608000123456789") == 7,
            "the seven entries sharing one nanosecond")
        #expect(try harness.integer("SELECT max(length(CAST(line AS BLOB))) FROM loki_entries") == 204_800)
        #expect(try harness.integer("SELECT count(*) FROM loki_events WHERE kind = 'policy_updated'") ?? 0 > 0)

        let again = try harness.sync(from: from, until: until)
        #expect(again.tables.first { $0.source == "loki" }?.rowsInserted == 0)
        #expect(again.unreconciledWindows.isEmpty)
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 300_003)
    }
}
