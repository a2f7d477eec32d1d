import AegisAudit
import AegisSources
import Foundation
import TestSupport
import Testing

/// Loki lines in the timeline: nanosecond times kept and ordered, typed events as the kind,
/// the filters (address, user, window) reaching Loki rows through the view's indexes.
@Suite struct TimelineLokiTests {
    /// Rows of a timeline statement, as text.
    final class Rows: RowSink {
        var columns: [String] = []
        var rows: [[String: String]] = []
        func begin(columns: [ResultColumn]) throws { self.columns = columns.map(\.name) }
        func write(row: [CacheValue]) throws {
            var named: [String: String] = [:]
            for (name, value) in zip(columns, row) {
                switch value {
                case .text(let text): named[name] = text
                case .integer(let number): named[name] = String(number)
                default: break
                }
            }
            rows.append(named)
        }
        func finish() throws {}
    }

    private func syncedCache() throws -> String {
        let server = FakeLokiServer()
        let labels = ["job": "aegis-backend"]
        server.add([
            FakeLokiServer.Entry(
                labels: labels, timestamp: day(10, nanos: 123_456_789),
                line:
                    #"{"level":"info","context":"AuthService","message":"Tokens refreshed for user id=u-7","ip":"198.51.100.250"}"#
            ),
            FakeLokiServer.Entry(
                labels: labels, timestamp: day(10, nanos: 123_456_001),
                line: #"{"level":"warn","message":"<b>odd</b> line","ip":"10.8.1.2","user_id":"u-8"}"#),
            FakeLokiServer.Entry(
                labels: labels, timestamp: day(40), line: #"{"level":"error","message":"later","ip":"198.51.100.7"}"#),
        ])
        let harness = try LokiSyncHarness(server: server, label: "timeline-loki")
        try harness.sync(from: day(0), until: day(60))
        return harness.cachePath
    }

    private func run(_ query: TimelineQuery, on cache: Cache) throws -> [[String: String]] {
        let rows = Rows()
        let (sql, parameters) = query.rows(layout: .full)
        try CacheQuery.run(sql, parameters: parameters, on: cache, into: rows)
        return rows.rows
    }

    @Test func lokiLinesKeepNanosecondsAndTheirOrder() throws {
        let cache = try Cache.openForReading(path: try syncedCache())
        let rows = try run(TimelineQuery(), on: cache)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["source"] == "loki" && $0["origin"] == "aegis-backend" })
        // The same microsecond, told apart (and ordered) by the nanoseconds.
        #expect(rows[0]["time"] == "2026-11-25T00:00:10.123456001Z")
        #expect(rows[1]["time"] == "2026-11-25T00:00:10.123456789Z")
        #expect(rows[2]["time"] == "2026-11-25T00:00:40.000000000Z")
        #expect(rows[1]["kind"] == "tokens_refreshed")
        #expect(rows[1]["actor"] == "u-7")
        #expect(rows[1]["ip"] == "198.51.100.250")
        #expect(rows[0]["kind"] == "log")
        #expect(rows[0]["summary"] == "<b>odd</b> line")
        #expect(rows[0]["row_table"] == "loki_entries")
        let id = try cache.database.integer("SELECT id FROM loki_entries WHERE message = 'later'")
        #expect(rows[2]["row_id"] == id.map(String.init))
    }

    @Test func filtersReachLokiRows() throws {
        let cache = try Cache.openForReading(path: try syncedCache())
        let byAddress = try run(TimelineQuery(filter: TimelineFilter(ip: "198.51.100.0/24")), on: cache)
        #expect(byAddress.map { $0["ip"] } == ["198.51.100.250", "198.51.100.7"])
        let byUser = try run(
            TimelineQuery(
                filter: TimelineFilter(user: "u-8"), identity: try TimelineUser.resolve("u-8", in: cache)), on: cache)
        #expect(byUser.map { $0["summary"] } == ["<b>odd</b> line"])
        // A window that starts between the two lines of one microsecond.
        let window = TimelineWindow(since: "2026-11-25T00:00:10.123456Z", until: "2026-11-25T00:00:40.000000Z")
        let windowed = try run(TimelineQuery(filter: TimelineFilter(window: window)), on: cache)
        #expect(windowed.map { $0["time"] } == ["2026-11-25T00:00:10.123456001Z", "2026-11-25T00:00:10.123456789Z"])
    }

    @Test func theWindowUsesLokisTimeIndex() throws {
        let cache = try Cache.openForReading(path: try syncedCache())
        let window = TimelineWindow(since: "2026-11-25T00:00:10Z", until: "2026-11-25T00:00:20Z")
        let (sql, parameters) = TimelineQuery(filter: TimelineFilter(window: window)).rows()
        let plan = try CacheQuery.plan(sql, parameters: parameters, on: cache).joined(separator: "\n")
        #expect(plan.contains("USING INDEX loki_entries_by_time"), "\(plan)")
        #expect(plan.contains("USING INDEX audit_events_by_created_at"), "\(plan)")
        #expect(plan.contains("USING INDEX action_audit_logs_by_created_at"), "\(plan)")
        #expect(plan.contains("USING INDEX policy_audit_logs_by_created_at"), "\(plan)")
    }
}
