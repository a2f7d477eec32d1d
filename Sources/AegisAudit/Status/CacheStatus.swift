/// What the cache holds: rows and time span per table and source, policy snapshots, and the
/// last sync of each source.
public struct CacheStatus: Sendable {
    public struct TableSummary: Sendable, Equatable {
        public let table: String
        public let source: String
        public let rows: Int
        public let earliest: String?
        public let latest: String?
        /// Rows with an earlier version kept in the history table.
        public let versionedRows: Int
    }

    public struct SourceSummary: Sendable, Equatable {
        public let source: String
        public let lastSyncID: Int
        public let finishedAt: String
        public let endpoint: String
        public let serverVersion: String
        public let syncCount: Int
    }

    public struct SnapshotSummary: Sendable, Equatable {
        public let source: String
        public let snapshots: Int
        public let latestNumber: Int
        public let latestTakenAt: String
        public let policies: Int
        /// Whether the latest snapshot differs from the one before it.
        public let changedSincePrevious: Bool?
    }

    /// What the cache holds from Loki.
    public struct LokiSummary: Sendable, Equatable {
        public let entries: Int
        public let streams: Int
        public let earliest: String?
        public let latest: String?
        public let windows: Int
        /// Windows that did not reconcile and that no later pull covered.
        public let unresolvedWindows: Int
    }

    public let path: String
    public let schemaVersion: Int
    public let tables: [TableSummary]
    public let sources: [SourceSummary]
    public let policySnapshots: [SnapshotSummary]
    /// Nil when nothing was pulled from Loki yet.
    public let loki: LokiSummary?

    /// Reads the summary from an open cache.
    public static func collect(from cache: Cache) throws -> CacheStatus {
        let database = cache.database
        var tables: [TableSummary] = []
        for table in AegisSchema.tables {
            let timeColumn: String?
            switch table.mode {
            case .watermarked(let column, _): timeColumn = column
            case .mirror: timeColumn = nil
            case .snapshot: continue
            }
            let span = timeColumn.map { "min(\($0)), max(\($0))" } ?? "NULL, NULL"
            let statement = try cache.attempt {
                try database.prepare(
                    """
                    SELECT source, count(*), \(span),
                      (SELECT count(DISTINCT h.id) FROM \(table.name)_history h WHERE h.source = t.source)
                    FROM \(table.name) t GROUP BY source ORDER BY source
                    """)
            }
            while try cache.attempt({ try statement.step() }) {
                tables.append(
                    TableSummary(
                        table: table.name, source: statement.text(0) ?? "", rows: Int(statement.int64(1)),
                        earliest: statement.text(2), latest: statement.text(3), versionedRows: Int(statement.int64(4))))
            }
        }
        var sources: [SourceSummary] = []
        let runs = try cache.attempt {
            try database.prepare(
                """
                SELECT s.source, r.id, r.finished_at, s.endpoint, s.server_version,
                  (SELECT count(*) FROM sync_run_sources c WHERE c.source = s.source)
                FROM sync_run_sources s JOIN sync_runs r ON r.id = s.sync_id
                WHERE r.id = (SELECT max(sync_id) FROM sync_run_sources x WHERE x.source = s.source)
                ORDER BY s.source
                """)
        }
        while try cache.attempt({ try runs.step() }) {
            sources.append(
                SourceSummary(
                    source: runs.text(0) ?? "", lastSyncID: Int(runs.int64(1)), finishedAt: runs.text(2) ?? "",
                    endpoint: runs.text(3) ?? "", serverVersion: runs.text(4) ?? "", syncCount: Int(runs.int64(5))))
        }
        var snapshots: [SnapshotSummary] = []
        let policyRuns = try cache.attempt {
            try database.prepare(
                """
                SELECT l.source, (SELECT count(*) FROM policy_snapshots c WHERE c.source = l.source),
                  l.snapshot_no, l.taken_at, l.policy_count,
                  (SELECT p.snapshot_hash != l.snapshot_hash FROM policy_snapshots p
                    WHERE p.source = l.source AND p.snapshot_no < l.snapshot_no ORDER BY p.snapshot_no DESC LIMIT 1)
                FROM policy_snapshots l
                WHERE l.snapshot_no = (SELECT max(snapshot_no) FROM policy_snapshots m WHERE m.source = l.source)
                ORDER BY l.source
                """)
        }
        while try cache.attempt({ try policyRuns.step() }) {
            snapshots.append(
                SnapshotSummary(
                    source: policyRuns.text(0) ?? "", snapshots: Int(policyRuns.int64(1)),
                    latestNumber: Int(policyRuns.int64(2)), latestTakenAt: policyRuns.text(3) ?? "",
                    policies: Int(policyRuns.int64(4)),
                    changedSincePrevious: policyRuns.isNull(5) ? nil : policyRuns.int64(5) == 1))
        }
        return CacheStatus(
            path: cache.path, schemaVersion: try cache.schemaVersion, tables: tables, sources: sources,
            policySnapshots: snapshots, loki: try lokiSummary(cache))
    }

    private static func lokiSummary(_ cache: Cache) throws -> LokiSummary? {
        guard try cache.schemaVersion >= 2 else { return nil }  // a cache from before Loki support
        let statement = try cache.attempt {
            try cache.database.prepare(
                """
                SELECT (SELECT count(*) FROM loki_entries), (SELECT count(*) FROM loki_streams),
                  (SELECT min(time) FROM loki_entries), (SELECT max(time) FROM loki_entries),
                  (SELECT count(*) FROM loki_windows),
                  (SELECT count(*) FROM loki_windows w WHERE w.reconciled = 0 AND NOT EXISTS (
                     SELECT 1 FROM loki_windows r WHERE r.selector = w.selector AND r.reconciled = 1
                       AND r.sync_id > w.sync_id AND r.start_ns <= w.start_ns AND r.end_ns >= w.end_ns))
                """)
        }
        guard try cache.attempt({ try statement.step() }), statement.int64(4) > 0 else { return nil }
        return LokiSummary(
            entries: Int(statement.int64(0)), streams: Int(statement.int64(1)), earliest: statement.text(2),
            latest: statement.text(3), windows: Int(statement.int64(4)), unresolvedWindows: Int(statement.int64(5)))
    }
}
