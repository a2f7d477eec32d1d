import AegisSources
import Foundation

/// Writes the `sync_runs` row of the current run and its per-source and per-table records.
final class SyncRunRecorder {
    let syncID: Int64
    private let cache: Cache
    /// Every table's rows digest so far: the run's own (`sync_runs.rows_digest`).
    private var rowsDigest = RowSetDigest()

    /// Starts the run's record (inside the caller's transaction).
    init(cache: Cache, options: SyncOptions) throws {
        self.cache = cache
        let optionsJSON = """
            {"overlap_seconds": \(options.overlapSeconds), "source_timezone": \(Self.json(options.sourceTimeZone)), \
            "full": \(options.full)}
            """
        let insert = try cache.attempt {
            try cache.database.prepare(
                "INSERT INTO sync_runs (started_at, tool_version, options) VALUES (?1, ?2, ?3)")
        }
        insert.bind(1, Self.now())
        insert.bind(2, SyncEngine.toolVersion)
        insert.bind(3, optionsJSON)
        try cache.attempt { try insert.step() }
        syncID = try cache.scalar("SELECT last_insert_rowid()") ?? 0
    }

    func record(source: String, endpoint: String, snapshot: SnapshotInfo) throws {
        let insert = try cache.attempt {
            try cache.database.prepare(
                """
                INSERT INTO sync_run_sources (sync_id, source, endpoint, server_version, database_name,
                    database_user, snapshot, snapshot_taken_at, uses_tls)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """)
        }
        insert.bind(1, syncID)
        insert.bind(2, source)
        insert.bind(3, endpoint)
        insert.bind(4, snapshot.serverVersion)
        insert.bind(5, snapshot.database)
        insert.bind(6, snapshot.user)
        insert.bind(7, snapshot.snapshot)
        insert.bind(8, snapshot.takenAt)
        insert.bind(9, Int64(snapshot.usesTLS ? 1 : 0))
        try cache.attempt { try insert.step() }
    }

    /// A source without a snapshot (Loki): its address and server version.
    func record(source: String, endpoint: String, serverVersion: String) throws {
        let insert = try cache.attempt {
            try cache.database.prepare(
                """
                INSERT INTO sync_run_sources (sync_id, source, endpoint, server_version, snapshot_taken_at)
                VALUES (?1, ?2, ?3, ?4, ?5)
                """)
        }
        insert.bind(1, syncID)
        insert.bind(2, source)
        insert.bind(3, endpoint)
        insert.bind(4, serverVersion)
        insert.bind(5, Self.now())
        try cache.attempt { try insert.step() }
    }

    func record(_ stats: TableSyncStats) throws {
        let insert = try cache.attempt {
            try cache.database.prepare(
                """
                INSERT INTO sync_run_tables (sync_id, source, table_name, dialect, mode, rows_read,
                    rows_inserted, rows_changed, rows_unchanged, rows_revisited, watermark_column,
                    watermark_before, window_start, watermark_after, rows_sealed, rows_digest)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                """)
        }
        insert.bind(1, syncID)
        insert.bind(2, stats.source)
        insert.bind(3, stats.table)
        insert.bind(4, stats.dialect)
        insert.bind(5, stats.mode)
        for (offset, count) in [
            stats.rowsRead, stats.rowsInserted, stats.rowsChanged, stats.rowsUnchanged,
            stats.rowsRevisited,
        ].enumerated() {
            insert.bind(6 + offset, Int64(count))
        }
        insert.bind(11, stats.watermarkColumn)
        insert.bind(12, stats.watermarkBefore)
        insert.bind(13, stats.windowStart)
        insert.bind(14, stats.watermarkAfter)
        insert.bind(15, stats.rowsDigest.count)
        insert.bindBlob(16, stats.rowsDigest.bytes)
        try cache.attempt { try insert.step() }
        rowsDigest.add(stats.rowsDigest)
    }

    /// Ends the record and seals it: runs synced before the chain first, then this one.
    func finish() throws {
        let update = try cache.attempt {
            try cache.database.prepare("UPDATE sync_runs SET finished_at = ?1 WHERE id = ?2")
        }
        update.bind(1, Self.now())
        update.bind(2, syncID)
        try cache.attempt { try update.step() }
        try SyncRunSeal.sealEarlierRuns(before: syncID, in: cache)
        try SyncRunSeal.seal(syncID, rowsDigest: rowsDigest, sealedBy: syncID, in: cache)
    }

    /// Now, UTC, in the cache's timestamp form.
    static func now() -> String { CacheTime.now() }

    /// A JSON string literal.
    static func json(_ text: String) -> String { JSONText.string(text) }
}
