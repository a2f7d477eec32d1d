/// The hash chain over `sync_runs` (docs/forensics.md).
///
/// A run's record hash is SHA-256 over the framed values (docs/cache.md's framing; BLOBs as
/// their bytes, other values as their text) of, in this order: the word `aegis-audit sync run
/// 1`; its `sync_runs` row (id, times, tool version, options, rows digest, previous hash,
/// sealed by); its `sync_run_sources` rows by source; its `sync_run_tables` rows (with their
/// rows digests) by source and table; its `loki_windows` by selector and start; its
/// `policy_snapshots` by number. Each section starts with its name and row count. The
/// previous hash is the record hash of the run before it (32 zero bytes for the first).
enum SyncRunSeal {
    static let genesis = [UInt8](repeating: 0, count: 32)

    private static let sections: [(name: String, sql: String)] = [
        (
            "sync_runs",
            """
            SELECT id, started_at, finished_at, tool_version, options, rows_digest, previous_hash, sealed_by_sync_id
            FROM sync_runs WHERE id = ?1
            """
        ),
        (
            "sync_run_sources",
            """
            SELECT source, endpoint, server_version, database_name, database_user, snapshot, snapshot_taken_at,
                uses_tls
            FROM sync_run_sources WHERE sync_id = ?1 ORDER BY source
            """
        ),
        (
            "sync_run_tables",
            """
            SELECT source, table_name, dialect, mode, rows_read, rows_inserted, rows_changed, rows_unchanged,
                rows_revisited, watermark_column, watermark_before, window_start, watermark_after, rows_sealed,
                rows_digest
            FROM sync_run_tables WHERE sync_id = ?1 ORDER BY source, table_name
            """
        ),
        (
            "loki_windows",
            """
            SELECT selector, start_ns, end_ns, pages, entries_pulled, entries_new, entries_counted, reconciled
            FROM loki_windows WHERE sync_id = ?1 ORDER BY selector, start_ns
            """
        ),
        (
            "policy_snapshots",
            """
            SELECT snapshot_no, source, taken_at, policy_count, snapshot_hash
            FROM policy_snapshots WHERE sync_id = ?1 ORDER BY snapshot_no
            """
        ),
    ]

    /// The record hash of run `syncID` as the cache holds it now.
    static func recordHash(of syncID: Int64, in cache: Cache) throws -> [UInt8] {
        var framing = HashFraming()
        framing.append("aegis-audit sync run 1".utf8)
        for section in sections {
            let statement = try cache.attempt { try cache.database.prepare(section.sql) }
            statement.bind(1, syncID)
            var rows: [[UInt8]] = []
            var row = HashFraming()
            while try cache.attempt({ try statement.step() }) {
                row.reset()
                for index in 0..<statement.columnCount {
                    if let bytes = statement.hashBytes(index) { row.append(bytes) } else { row.appendNull() }
                }
                rows.append(row.digest())
            }
            framing.append(section.name.utf8)
            framing.append(String(rows.count).utf8)
            for digest in rows { framing.append(digest) }
        }
        return framing.digest()
    }

    /// The stored record hash of the run before `syncID` (genesis for the first run).
    static func previousRecordHash(before syncID: Int64, in cache: Cache) throws -> [UInt8]? {
        let statement = try cache.attempt {
            try cache.database.prepare("SELECT record_hash FROM sync_runs WHERE id < ?1 ORDER BY id DESC LIMIT 1")
        }
        statement.bind(1, syncID)
        guard try cache.attempt({ try statement.step() }) else { return genesis }
        return statement.isNull(0) ? nil : statement.blob(0)
    }

    /// Seals run `syncID` (inside the caller's transaction): its rows digest, the link to the run
    /// before and its record hash. `sealedBy` is the sync doing it.
    static func seal(_ syncID: Int64, rowsDigest: RowSetDigest, sealedBy: Int64, in cache: Cache) throws {
        let previous = try previousRecordHash(before: syncID, in: cache) ?? genesis
        let update = try cache.attempt {
            try cache.database.prepare(
                "UPDATE sync_runs SET rows_digest = ?2, previous_hash = ?3, sealed_by_sync_id = ?4 WHERE id = ?1")
        }
        update.bind(1, syncID)
        update.bindBlob(2, rowsDigest.bytes)
        update.bindBlob(3, previous)
        update.bind(4, sealedBy)
        try cache.attempt { try update.step() }
        let hash = try recordHash(of: syncID, in: cache)
        let store = try cache.attempt {
            try cache.database.prepare("UPDATE sync_runs SET record_hash = ?2 WHERE id = ?1")
        }
        store.bind(1, syncID)
        store.bindBlob(2, hash)
        try cache.attempt { try store.step() }
    }

    /// Seals the runs synced before the cache had the chain (their rows as the cache holds them
    /// now, with one pass over every table), oldest first; `sealedBy` is the sync doing it.
    static func sealEarlierRuns(before sealedBy: Int64, in cache: Cache) throws {
        let pending = try cache.attempt {
            try cache.database.prepare("SELECT id FROM sync_runs WHERE id < ?1 AND record_hash IS NULL ORDER BY id")
        }
        pending.bind(1, sealedBy)
        var runs: [Int64] = []
        while try cache.attempt({ try pending.step() }) { runs.append(pending.int64(0)) }
        guard !runs.isEmpty else { return }
        let scanner = CacheRowScanner(cache: cache)
        try scanner.scan(mismatch: { _ in })
        let updateTable = try cache.attempt {
            try cache.database.prepare(
                "UPDATE sync_run_tables SET rows_sealed = ?4, rows_digest = ?5 "
                    + "WHERE sync_id = ?1 AND source = ?2 AND table_name = ?3")
        }
        for run in runs {
            var total = RowSetDigest()
            for (key, digest) in scanner.digests where key.syncID == run {
                updateTable.bind(1, run)
                updateTable.bind(2, key.source)
                updateTable.bind(3, key.table)
                updateTable.bind(4, digest.count)
                updateTable.bindBlob(5, digest.bytes)
                try cache.attempt { try updateTable.step() }
                updateTable.reset()
                total.add(digest)
            }
            try seal(run, rowsDigest: total, sealedBy: sealedBy, in: cache)
        }
    }
}
