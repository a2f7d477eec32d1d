import Crypto

/// Reads every sealed row of the cache once: recomputes its hash from its columns (the framing
/// of docs/cache.md) and adds the stored hash to the digest of the sync run, source and table
/// it belongs to, as the sync that wrote it did.
///
/// What belongs to a run: the versions it wrote (rows and `<table>_history` rows whose
/// `version_sync_id` is the run), the versions it replaced (history rows whose
/// `replaced_by_sync_id` is the run), the policy rows of its snapshots and the Loki entries
/// it stored first (`first_sync_id`).
final class CacheRowScanner {
    /// A run's rows of one table from one source.
    struct Key: Hashable, Comparable {
        let syncID: Int64
        let source: String
        let table: String

        static func < (a: Key, b: Key) -> Bool {
            (a.syncID, a.source, a.table) < (b.syncID, b.source, b.table)
        }
    }

    /// A row whose columns no longer hash to its stored hash.
    struct Mismatch {
        let table: String
        let source: String
        let id: String
        /// The run the row's version belongs to.
        let syncID: Int64?
        /// Where it is: the table itself, its `_history`, or policy snapshot N.
        let place: String
    }

    /// A policy snapshot whose rows no longer hash, in id order, to its recorded hash.
    struct SnapshotMismatch {
        let snapshotNo: Int64
        let syncID: Int64
        let source: String
        let recordedCount: Int64
        let foundCount: Int64
    }

    private let cache: Cache
    private(set) var digests: [Key: RowSetDigest] = [:]
    private(set) var rowsChecked = 0
    private var framing = HashFraming()

    init(cache: Cache) { self.cache = cache }

    /// Scans every table; each problem goes to its callback as it is found.
    func scan(
        mismatch: (Mismatch) throws -> Void, snapshotMismatch: (SnapshotMismatch) throws -> Void = { _ in }
    ) throws {
        for table in AegisSchema.tables {
            if table.mode == .snapshot {
                try scanSnapshots(table, mismatch: mismatch, snapshotMismatch: snapshotMismatch)
            } else {
                try scanKeyed(table, history: false, mismatch: mismatch)
                try scanKeyed(table, history: true, mismatch: mismatch)
            }
        }
        if try cache.schemaVersion >= 2 { try scanLoki(mismatch: mismatch) }  // Loki arrived in version 2
    }

    private func add(_ hash: [UInt8], syncID: Int64, source: String, table: String) {
        digests[Key(syncID: syncID, source: source, table: table), default: RowSetDigest()].add(hash)
    }

    /// Recomputes the hash of columns `first ..< first + count` of the current row.
    private func rowHash(_ statement: SQLiteStatement, first: Int, count: Int) -> [UInt8] {
        framing.reset()
        for index in first..<first + count {
            if let bytes = statement.hashBytes(index) { framing.append(bytes) } else { framing.appendNull() }
        }
        return framing.digest()
    }

    private func scanKeyed(_ table: CanonicalTable, history: Bool, mismatch: (Mismatch) throws -> Void) throws {
        let columns = table.columns.map(\.name)
        let name = history ? "\(table.name)_history" : table.name
        let extra = history ? "version_sync_id, replaced_by_sync_id" : "version_sync_id, version_sync_id"
        let statement = try cache.attempt {
            try cache.database.prepare(
                "SELECT source, \(columns.joined(separator: ", ")), row_hash, \(extra) FROM \(name)")
        }
        let count = columns.count
        while try cache.attempt({ try statement.step() }) {
            rowsChecked += 1
            let source = statement.text(0) ?? ""
            let stored = statement.blob(count + 1)
            let version = statement.int64(count + 2)
            if rowHash(statement, first: 1, count: count) != stored {
                try mismatch(
                    Mismatch(
                        table: table.name, source: source, id: statement.text(1) ?? "", syncID: version,
                        place: history ? name : table.name))
            }
            add(stored, syncID: version, source: source, table: table.name)
            if history {
                add(
                    RowSetDigest.replacedItem(stored), syncID: statement.int64(count + 3), source: source,
                    table: table.name)
            }
        }
    }

    private func scanSnapshots(
        _ table: CanonicalTable, mismatch: (Mismatch) throws -> Void,
        snapshotMismatch: (SnapshotMismatch) throws -> Void
    ) throws {
        let columns = table.columns.map { "p.\($0.name)" }
        let statement = try cache.attempt {
            try cache.database.prepare(
                """
                SELECT p.source, \(columns.joined(separator: ", ")), p.row_hash, s.sync_id, p.snapshot_no
                FROM \(table.name) p LEFT JOIN policy_snapshots s ON s.snapshot_no = p.snapshot_no
                ORDER BY p.snapshot_no, p.id
                """)
        }
        let count = columns.count
        var current: (number: Int64, syncID: Int64, source: String, hash: SHA256, rows: Int64)?
        func close() throws {
            guard let snapshot = current else { return }
            current = nil
            try checkSnapshot(
                snapshot.number, syncID: snapshot.syncID, source: snapshot.source,
                hash: Array(snapshot.hash.finalize()), rows: snapshot.rows, report: snapshotMismatch)
        }
        while try cache.attempt({ try statement.step() }) {
            rowsChecked += 1
            let source = statement.text(0) ?? ""
            let stored = statement.blob(count + 1)
            let syncID = statement.int64(count + 2)
            let number = statement.int64(count + 3)
            if current?.number != number {
                try close()
                current = (number, syncID, source, SHA256(), 0)
            }
            current?.hash.update(data: stored)
            current?.rows += 1
            if rowHash(statement, first: 1, count: count) != stored {
                try mismatch(
                    Mismatch(
                        table: table.name, source: source, id: statement.text(1) ?? "", syncID: syncID,
                        place: "\(table.name) snapshot \(number)"))
            }
            add(stored, syncID: syncID, source: source, table: table.name)
        }
        try close()
        // Snapshots whose rows are all gone.
        let empty = try cache.attempt {
            try cache.database.prepare(
                "SELECT snapshot_no, sync_id, source, policy_count FROM policy_snapshots s "
                    + "WHERE policy_count > 0 AND NOT EXISTS (SELECT 1 FROM \(table.name) p WHERE p.snapshot_no = s.snapshot_no)"
            )
        }
        while try cache.attempt({ try empty.step() }) {
            try snapshotMismatch(
                SnapshotMismatch(
                    snapshotNo: empty.int64(0), syncID: empty.int64(1), source: empty.text(2) ?? "",
                    recordedCount: empty.int64(3), foundCount: 0))
        }
    }

    private func checkSnapshot(
        _ number: Int64, syncID: Int64, source: String, hash: [UInt8], rows: Int64,
        report: (SnapshotMismatch) throws -> Void
    ) throws {
        let header = try cache.attempt {
            try cache.database.prepare(
                "SELECT policy_count, snapshot_hash FROM policy_snapshots WHERE snapshot_no = ?1")
        }
        header.bind(1, number)
        let recorded = try cache.attempt { try header.step() } ? (header.int64(0), header.blob(1)) : (-1, [])
        if recorded.0 != rows || recorded.1 != hash {
            try report(
                SnapshotMismatch(
                    snapshotNo: number, syncID: syncID, source: source, recordedCount: recorded.0, foundCount: rows))
        }
    }

    private func scanLoki(mismatch: (Mismatch) throws -> Void) throws {
        let statement = try cache.attempt {
            try cache.database.prepare(
                """
                SELECT e.id, s.labels, e.ts_ns, e.line, e.entry_hash, e.first_sync_id
                FROM loki_entries e LEFT JOIN loki_streams s ON s.id = e.stream_id
                """)
        }
        while try cache.attempt({ try statement.step() }) {
            rowsChecked += 1
            let stored = statement.blob(4)
            let syncID = statement.int64(5)
            let recomputed = LokiEntryWriter.entryHash(
                streamKey: statement.text(1) ?? "", timestamp: statement.int64(2), line: statement.text(3) ?? "",
                framing: &framing)
            if statement.isNull(1) || recomputed != stored {
                try mismatch(
                    Mismatch(
                        table: "loki_entries", source: "loki", id: String(statement.int64(0)), syncID: syncID,
                        place: "loki_entries"))
            }
            add(stored, syncID: syncID, source: "loki", table: "loki_entries")
        }
    }
}
