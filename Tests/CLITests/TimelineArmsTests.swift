import AegisAudit
import Crypto
import Foundation
import QueryLang
import TestSupport
import Testing

/// The `timeline` view's arms (`UnionView`), read with some of their columns, give row for row
/// what the view gives for those columns: on the demo's incident with its findings and policy
/// changes, plus Loki lines with and without a typed event.
@Suite struct TimelineArmsTests {
    let path: String

    init() throws {
        let incident = try IncidentCache.path.get()
        path = try makeTemporaryDirectory("timeline-arms").appendingPathComponent("c.sqlite").path
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: incident + suffix) {
            try FileManager.default.copyItem(atPath: incident + suffix, toPath: path + suffix)
        }
        try Cache.openForWriting(path: path).run(
            """
            BEGIN;
            INSERT INTO loki_streams (id, labels, job, first_sync_id) VALUES (900, '{"job":"aegis-backend"}', 'aegis-backend', 1);
            INSERT INTO loki_entries (id, stream_id, ts_ns, time, line, format, job, user_id, ip_address, path, method,
              status_code, fields, entry_hash, first_sync_id)
            VALUES (9001, 900, 1795486620000000001, '2026-11-18T02:17:00.000000Z', 'GET /api/v1/pods 200', 'nestjs',
                    'aegis-backend', 'u-oncall', '198.51.100.250', '/api/v1/pods', 'GET', 200, '{"namespace":"kube-system"}', x'01', 1),
                   (9002, 900, 1795486680000000002, '2026-11-18T02:18:00.000000Z', 'plain text', 'text',
                    'aegis-backend', NULL, NULL, NULL, NULL, NULL, 'not json', x'02', 1);
            INSERT INTO loki_events (entry_id, kind, subject_id, ts_ns, time)
            VALUES (9001, 'tokens_refreshed', 'u-oncall', 1795486620000000001, '2026-11-18T02:17:00.000000Z');
            COMMIT;
            """)
    }

    private func rows(_ sql: String) throws -> [[String]] {
        let cache = try Cache.openForReading(path: path)
        let statement = try cache.database.prepare(sql)
        var rows: [[String]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.text($0) ?? "NULL" })
        }
        return rows
    }

    private static let timeline = try! #require(UnionView.cacheViews.first { $0.name == "timeline" })

    @Test(arguments: [
        timeline.columns,
        ["time", "source", "actor", "actor_email", "ip"],
        ["summary", "finding_ids", "row_table", "row_id"],
        ["kind", "namespace", "target", "result", "origin", "time_ns", "action"],
    ])
    func armsGiveTheViewsRows(columns: [String]) throws {
        let list = columns.joined(separator: ", ")
        let order = (1...columns.count).map(String.init).joined(separator: ", ")
        let fromView = try rows("SELECT \(list) FROM timeline ORDER BY \(order)")
        let fromArms = try rows(
            "SELECT \(list) FROM (\(Self.timeline.select(columns: columns))) ORDER BY \(order)")
        #expect(fromArms == fromView)
        // Every arm is present, so each arm's expressions were compared.
        let sources = Set(try rows("SELECT DISTINCT source FROM timeline").map { $0[0] })
        #expect(sources == ["audit_events", "policy_audit_logs", "action_audit_logs", "policies", "hunts", "loki"])
        #expect(try rows("SELECT count(*) FROM timeline WHERE finding_ids IS NOT NULL")[0][0] != "0")
    }

    /// The view's text is migration 5's, frozen: caches made before and after a change to the
    /// arms would disagree with them. A change to the arms needs a migration recreating the view
    /// (and this digest updated with it).
    @Test func theViewIsMigrationFivesText() throws {
        let text = try rows("SELECT sql FROM sqlite_schema WHERE name = 'timeline'")[0][0]
        let normalised = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let digest = SHA256.hash(data: Data(normalised.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(digest == "7e1b41f9c2f74dcda3f5dd5e9e02ed331a24621480ecea7cf67a35410052be89")
    }

    @Test func aNarrowedQueryAgreesWithTheView() throws {
        let cache = try Cache.openForReading(path: path)
        let catalog = try Catalog.load(from: cache)
        let plain = Catalog(
            tables: catalog.tables.mapValues { Catalog.Table(name: $0.name, columns: $0.columns, timeColumn: $0.timeColumn) })
        let queries = [
            "from timeline | stats n = count(), emails = dcount(actor_email), ips = values(ip) by source | sort by source",
            "from timeline | where isnotnull(actor_email) | top 3 actor_email",
            "from timeline | where source != \"hunts\" | project time, summary, finding_ids | sort by time, summary",
            """
            from timeline | where isnotnull(ip) | stats first = min(time) by ip
            | join kind=left (from timeline | where source == "loki" | stats lines = count() by ip) on ip | sort by ip
            """,
        ]
        for query in queries {
            let narrowed = try QueryCompiler.compile(query, catalog: catalog)
            let viewed = try QueryCompiler.compile(query, catalog: plain)
            #expect(narrowed.sql.contains("aegis_u1") && !viewed.sql.contains("aegis_u1"), "\(query)")
            #expect(try run(narrowed, on: cache) == run(viewed, on: cache), "\(query)")
        }
    }

    private func run(_ query: CompiledQuery, on cache: Cache) throws -> [[String]] {
        let statement = try cache.database.prepare(query.sql)
        statement.bind(query.parameters)
        var rows: [[String]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.text($0) ?? "NULL" })
        }
        #expect(!rows.isEmpty)
        return rows
    }
}
