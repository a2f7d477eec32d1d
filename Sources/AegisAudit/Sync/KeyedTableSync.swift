import AegisSources

/// Copies one source table into its keyed cache table (watermarked or mirrored): new rows are
/// inserted, rows seen before are compared by hash, and a row that changed keeps its previous
/// version in `<table>_history`.
///
/// When the cache has no rows of this source in the table yet, the rows are bulk-loaded with
/// the indexes dropped and rebuilt afterwards, several times faster than maintaining them row
/// by row.
final class KeyedTableSync {
    private let plan: TableReadPlan
    private let cache: Cache
    private let source: String
    private let syncID: Int64
    private let decoder = CopyTextDecoder()
    private let row: CanonicalRow
    private var stats: TableSyncStats
    private var bulk = false
    private var maxWatermark: [UInt8] = []
    private let watermarkIndex: Int?

    private var insert: SQLiteStatement!
    private var selectHash: SQLiteStatement!
    private var touch: SQLiteStatement!
    private var archive: SQLiteStatement!
    private var replace: SQLiteStatement!

    init(plan: TableReadPlan, cache: Cache, source: String, syncID: Int64) {
        self.plan = plan
        self.cache = cache
        self.source = source
        self.syncID = syncID
        row = CanonicalRow(kinds: plan.table.columns.map(\.kind))
        stats = TableSyncStats(source: source, table: plan.table.name, dialect: plan.dialect, mode: "mirror")
        if case .watermarked(let column, _) = plan.table.mode {
            watermarkIndex = plan.table.columns.firstIndex { $0.name == column }
            stats.watermarkColumn = column
        } else {
            watermarkIndex = nil
        }
    }

    /// Reads the source table (inside the caller's snapshot) into the cache (inside the
    /// caller's transaction).
    func run(connection: PostgresConnection, overlapSeconds: Int, full: Bool) throws -> TableSyncStats {
        let table = plan.table
        // Bulk-load when this source has no rows here yet: no (source, id) can conflict.
        bulk = try cache.attempt {
            try cache.database.integer(
                "SELECT NOT EXISTS (SELECT 1 FROM \(table.name) WHERE source = ?1)", [source]) == 1
        }
        if bulk { try cache.run(CacheSchema.dropIndexSQL(table)) }
        try prepareStatements()

        var predicate: String?
        if case .watermarked(let column, _) = table.mode {
            stats.watermarkBefore = try lastWatermark()
            stats.mode = bulk ? "bulk" : (full ? "full" : "incremental")
            if !full, !bulk, let before = stats.watermarkBefore,
                let start = try windowStart(before: before, overlapSeconds: overlapSeconds)
            {
                stats.windowStart = start
                predicate = plan.predicate(column: column, atOrAfter: start)
            }
        } else if bulk {
            stats.mode = "bulk"
        }
        try connection.copyOut(plan.copySQL(where: predicate), step: "reading \(table.name)") { line in
            try self.process(line)
        }
        if case .watermarked(_, let open) = table.mode, !open.isEmpty, let start = stats.windowStart {
            try revisit(openStatuses: open, before: start, connection: connection)
        }
        if bulk {
            do { try buildIndexes() } catch {
                if case .sqlite(_, let failure) = error, failure.code & 0xff == 19 {  // SQLITE_CONSTRAINT
                    throw CacheError.duplicateSourceIDs(path: cache.path, table: table.name, source: source)
                }
                throw error
            }
        }
        if watermarkIndex != nil {
            let seen = maxWatermark.isEmpty ? nil : String(decoding: maxWatermark, as: UTF8.self)
            stats.watermarkAfter = [stats.watermarkBefore, seen].compactMap { $0 }.max()
        }
        return stats
    }

    /// Creates the table's indexes after a bulk load. SQLite's sorter sorts runs of about the
    /// page cache's size and merges them: runs of 2 MB (which stay in the CPU's caches), sorted
    /// by a helper thread, measured about 1.6 times faster than one 16 MB run at a time
    /// (docs/performance.md).
    private func buildIndexes() throws(CacheError) {
        try cache.run("PRAGMA cache_size = -2000; PRAGMA threads = 2")
        defer { try? cache.run("PRAGMA cache_size = -16384; PRAGMA threads = 0") }
        try cache.run(CacheSchema.indexSQL(plan.table))
    }

    private func process(_ line: UnsafeBufferPointer<UInt8>) throws {
        decoder.decode(line)
        guard row.load(decoder) else {
            throw SyncFailure.malformedRow(
                source: source, table: plan.table.name, expected: row.kinds.count, found: decoder.fieldCount)
        }
        guard row.text(0) != nil else { throw SyncFailure.rowWithoutID(source: source, table: plan.table.name) }
        stats.rowsRead += 1
        if let watermarkIndex, let instant = row.text(watermarkIndex), instant.count == TimestampText.length,
            maxWatermark.isEmpty || instant.lexicographicallyPrecedes(maxWatermark) == false
        {
            maxWatermark.removeAll(keepingCapacity: true)
            maxWatermark.append(contentsOf: instant)
        }
        let hash = row.digest()
        try write(statement: insert, hash: hash)
        if bulk || cache.database.changes == 1 {
            stats.rowsInserted += 1
            stats.rowsDigest.add(hash)
            return
        }
        guard let id = row.text(0) else { return }
        selectHash.bind(1, source)
        selectHash.bindText(2, borrowing: id)
        let existing = try cache.attempt { try selectHash.step() ? selectHash.blob(0) : [] }
        selectHash.reset()
        if existing == hash {
            touch.bind(1, source)
            touch.bindText(2, borrowing: id)
            touch.bind(3, syncID)
            try cache.attempt { try touch.step() }
            touch.reset()
            stats.rowsUnchanged += 1
        } else {
            archive.bind(1, source)
            archive.bindText(2, borrowing: id)
            archive.bind(3, syncID)
            try cache.attempt { try archive.step() }
            archive.reset()
            try write(statement: replace, hash: hash)
            stats.rowsChanged += 1
            stats.rowsDigest.add(RowSetDigest.replacedItem(existing))
            stats.rowsDigest.add(hash)
        }
    }

    /// Binds source, values, hash and sync id in the layout shared by `insert` and `replace`.
    private func write(statement: SQLiteStatement, hash: [UInt8]) throws {
        let count = row.kinds.count
        statement.bind(1, source)
        row.bind(to: statement, from: 2)
        statement.bindBlob(count + 2, hash)
        statement.bind(count + 3, syncID)
        try cache.attempt { try statement.step() }
        statement.reset()
    }

    /// Re-reads, by id, cached rows that were still open before the window: the source may
    /// have completed them since.
    private func revisit(openStatuses: [String], before start: String, connection: PostgresConnection) throws {
        guard let watermark = stats.watermarkColumn else { return }
        let statuses = openStatuses.map { "'\($0)'" }.joined(separator: ", ")
        let query = try cache.attempt {
            try cache.database.prepare(
                "SELECT id FROM \(plan.table.name) WHERE source = ?1 AND status IN (\(statuses)) AND \(watermark) < ?2")
        }
        query.bind(1, source)
        query.bind(2, start)
        var ids: [String] = []
        while try cache.attempt({ try query.step() }) { if let id = query.text(0) { ids.append(id) } }
        stats.rowsRevisited = ids.count
        for chunkStart in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[chunkStart..<min(chunkStart + 500, ids.count)].map { connection.literal($0) }
            try connection.copyOut(
                plan.copySQL(where: plan.predicate(idIn: chunk)), step: "re-reading open rows of \(plan.table.name)"
            ) { line in try self.process(line) }
        }
    }

    private func lastWatermark() throws -> String? {
        try cache.attempt {
            try cache.database.text(
                """
                SELECT watermark_after FROM sync_run_tables
                WHERE source = ?1 AND table_name = ?2 AND watermark_after IS NOT NULL
                ORDER BY sync_id DESC LIMIT 1
                """, [source, plan.table.name])
        }
    }

    /// `before` minus the overlap, in the same fixed-width form; nil if `before` is not one.
    private func windowStart(before: String, overlapSeconds: Int) throws -> String? {
        guard before.utf8.count == TimestampText.length else { return nil }
        let start = try cache.attempt {
            try cache.database.text(
                "SELECT strftime('%Y-%m-%dT%H:%M:%S', ?1, ?2) || substr(?1, 20)",
                [before, "-\(overlapSeconds) seconds"])
        }
        guard let start, Self.isNormalised(start) else { return nil }
        return start
    }

    /// Exactly `YYYY-MM-DDTHH:MM:SS.ffffffZ`, so it is safe inside an SQL literal.
    static func isNormalised(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == TimestampText.length else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 4, 7: if byte != UInt8(ascii: "-") { return false }
            case 10: if byte != UInt8(ascii: "T") { return false }
            case 13, 16: if byte != UInt8(ascii: ":") { return false }
            case 19: if byte != UInt8(ascii: ".") { return false }
            case 26: if byte != UInt8(ascii: "Z") { return false }
            default: if byte < 0x30 || byte > 0x39 { return false }
            }
        }
        return true
    }

    private func prepareStatements() throws {
        let name = plan.table.name
        let columns = plan.table.columns.map(\.name)
        let count = columns.count
        let hashParameter = count + 2, syncParameter = count + 3
        let values = (0..<count).map { "?\($0 + 2)" }.joined(separator: ", ")
        let conflict = bulk ? "" : " ON CONFLICT(source, id) DO NOTHING"
        let all = columns.joined(separator: ", ")
        insert = try cache.attempt {
            try cache.database.prepare(
                """
                INSERT INTO \(name) (source, \(all), row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
                VALUES (?1, \(values), ?\(hashParameter), ?\(syncParameter), ?\(syncParameter), ?\(syncParameter))\(conflict)
                """)
        }
        guard !bulk else { return }
        selectHash = try cache.attempt {
            try cache.database.prepare("SELECT row_hash FROM \(name) WHERE source = ?1 AND id = ?2")
        }
        touch = try cache.attempt {
            try cache.database.prepare("UPDATE \(name) SET last_seen_sync_id = ?3 WHERE source = ?1 AND id = ?2")
        }
        archive = try cache.attempt {
            try cache.database.prepare(
                """
                INSERT INTO \(name)_history (source, \(all), row_hash, version_sync_id, last_seen_sync_id, replaced_by_sync_id)
                SELECT source, \(all), row_hash, version_sync_id, last_seen_sync_id, ?3 FROM \(name)
                WHERE source = ?1 AND id = ?2
                """)
        }
        let assignments = columns.enumerated().dropFirst().map { "\($1) = ?\($0 + 2)" }.joined(separator: ", ")
        replace = try cache.attempt {
            try cache.database.prepare(
                """
                UPDATE \(name) SET \(assignments), row_hash = ?\(hashParameter),
                    version_sync_id = ?\(syncParameter), last_seen_sync_id = ?\(syncParameter)
                WHERE source = ?1 AND id = ?2
                """)
        }
    }
}
