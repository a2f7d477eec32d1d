import AegisAudit
import AegisSources
import Foundation
import TestSupport
import Testing

/// A Loki pull is complete (Loki's own count agrees), never loops on entries that share a
/// nanosecond, and never stores an entry twice.
@Suite struct LokiPullTests {
    private func entries(streams: Int, perStream: Int, step: Int64) -> [FakeLokiServer.Entry] {
        (0..<streams).flatMap { stream in
            (0..<perStream).map { index in
                FakeLokiServer.Entry(
                    labels: [
                        "job": stream % 2 == 0 ? "aegis-backend" : "aegis-executor", "level": "info",
                        "pod": "p\(stream)",
                    ],
                    timestamp: day(0) + Int64(index) * step + Int64(stream),
                    line: #"{"level":"info","message":"entry \#(index) of \#(stream)","ip":"::ffff:10.8.0.\#(stream)"}"#
                )
            }
        }
    }

    @Test func smallPagesAcrossManyStreamsArePulledCompletelyAndOnlyOnce() throws {
        let server = FakeLokiServer()
        server.add(entries(streams: 12, perStream: 250, step: 1_000_000_000))
        var harness = try LokiSyncHarness(server: server)
        harness.limit = 97
        harness.chunkSeconds = 1800
        let report = try harness.sync(from: day(0), until: day(7200))
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == Int64(server.entryCount))
        #expect(report.unreconciledWindows.isEmpty)
        #expect(report.lokiWindows.allSatisfy { $0.pages >= 1 })
        #expect(try harness.integer("SELECT count(*) FROM loki_streams") == 12)
        #expect(try harness.integer("SELECT count(*) FROM loki_entries WHERE ip_address = '10.8.0.3'") == 250)

        let again = try harness.sync(from: day(0), until: day(7200))
        #expect(again.tables.first { $0.source == "loki" }?.rowsInserted == 0)
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == Int64(server.entryCount))
    }

    @Test func entriesSharingOneNanosecondAreNeitherLostNorLoopedOn() throws {
        let server = FakeLokiServer()
        let instant = day(100, nanos: 123_456_789)
        let labels = ["job": "aegis-executor", "level": "error", "namespace": "production"]
        server.add((0..<7).map { FakeLokiServer.Entry(labels: labels, timestamp: instant, line: "same instant \($0)") })
        server.add(
            (0..<5).map {
                FakeLokiServer.Entry(labels: labels, timestamp: instant + 1 + Int64($0), line: "after \($0)")
            })
        var harness = try LokiSyncHarness(server: server)
        harness.limit = 3
        let report = try harness.sync(from: day(0), until: day(3600))
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 12)
        #expect(try harness.integer("SELECT count(*) FROM loki_entries WHERE ts_ns = \(instant)") == 7)
        #expect(report.unreconciledWindows.isEmpty)
        let queries = server.requests.filter { $0.path == "/loki/api/v1/query_range" }.count
        #expect(queries < 20, "no loop: \(queries) pages")
    }

    @Test func aCrowdedInstantIsReadFromBothEndsAtTheServersCap() throws {
        let server = FakeLokiServer(maxEntriesPerQuery: 5)
        let instant = day(10)
        let burst = (0..<8).map {
            FakeLokiServer.Entry(
                labels: ["job": "aegis-backend", "level": "info"], timestamp: instant, line: "burst \($0)")
        }
        server.add(burst)
        var harness = try LokiSyncHarness(server: server)
        harness.limit = 5  // forward gets the first 5, backward the last 5: together all 8
        let report = try harness.sync(from: day(0), until: day(60))
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 8)
        #expect(report.unreconciledWindows.isEmpty)
        let directions = server.requests.filter { $0.query["start"] == String(instant) }.compactMap {
            $0.query["direction"]
        }
        #expect(directions.contains("backward"))
    }

    @Test func anInstantBeyondTwiceTheCapIsReportedNotHidden() throws {
        let server = FakeLokiServer(maxEntriesPerQuery: 3)
        server.add(
            (0..<9).map {
                FakeLokiServer.Entry(
                    labels: ["job": "aegis-backend", "level": "info"], timestamp: day(5), line: "x \($0)")
            })
        var harness = try LokiSyncHarness(server: server)
        harness.limit = 3
        let report = try harness.sync(from: day(0), until: day(60))
        #expect(report.unreconciledWindows.count == 1)
        #expect(report.unreconciledWindows.first?.counted == 9)
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 6)
    }

    @Test func reconciliationCatchesADroppedPageAndTheNextSyncRepairsIt() throws {
        let server = FakeLokiServer()
        server.add(entries(streams: 3, perStream: 100, step: 10_000_000_000))
        server.hideFromQueryRange = { $0.line.contains("entry 42 of") }
        var harness = try LokiSyncHarness(server: server)
        harness.limit = 50
        let first = try harness.sync(from: day(0), until: day(3600))
        let bad = first.unreconciledWindows
        #expect(bad.count == 1)
        #expect(bad.first.map { $0.counted - Int64($0.pulled) } == 3)
        #expect(try harness.integer("SELECT count(*) FROM loki_windows WHERE reconciled = 0") == 1)

        server.hideFromQueryRange = nil
        let second = try harness.sync(from: day(0), until: day(3600))
        #expect(second.unreconciledWindows.isEmpty)
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 300)
    }

    @Test func aTooHighLimitIsLoweredToTheServersCap() throws {
        let server = FakeLokiServer(maxEntriesPerQuery: 40)
        server.add(entries(streams: 2, perStream: 100, step: 1_000_000_000))
        var harness = try LokiSyncHarness(server: server)
        harness.limit = 1000
        let report = try harness.sync(from: day(0), until: day(3600))
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 200)
        #expect(report.unreconciledWindows.isEmpty)
        let limits = server.requests.filter { $0.path == "/loki/api/v1/query_range" }.compactMap { $0.query["limit"] }
        #expect(limits.first == "1000")
        #expect(limits.dropFirst().allSatisfy { $0 == "40" })
    }

    @Test func chunksShrinkUnderTheServersMaximumRange() throws {
        let server = FakeLokiServer(maxQueryLength: 600 * 1_000_000_000)
        server.add(entries(streams: 2, perStream: 60, step: 60_000_000_000))
        var harness = try LokiSyncHarness(server: server)
        harness.chunkSeconds = 3600
        let report = try harness.sync(from: day(0), until: day(3600))
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 120)
        #expect(report.unreconciledWindows.isEmpty)
        #expect(report.lokiWindows.allSatisfy { $0.end - $0.start < 600 * 1_000_000_000 })
    }

    @Test func overlappingSelectorsStoreEachEntryOnce() throws {
        let server = FakeLokiServer()
        server.add(entries(streams: 4, perStream: 20, step: 1_000_000_000))
        var harness = try LokiSyncHarness(server: server)
        harness.selectors = [#"{job=~"aegis-.+"}"#, #"{job="aegis-backend"}"#]
        try harness.sync(from: day(0), until: day(600))
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 80)
    }
}
