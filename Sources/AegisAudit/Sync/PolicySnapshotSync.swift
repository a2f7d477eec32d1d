import AegisSources
import Crypto

/// Copies the whole policies table into a new numbered snapshot. Policy changes are not
/// audited at the source, so successive snapshots are the only record of them; none is ever
/// overwritten.
final class PolicySnapshotSync {
    private let plan: TableReadPlan
    private let cache: Cache
    private let source: String
    private let syncID: Int64
    private let takenAt: String

    init(plan: TableReadPlan, cache: Cache, source: String, syncID: Int64, takenAt: String) {
        self.plan = plan
        self.cache = cache
        self.source = source
        self.syncID = syncID
        self.takenAt = takenAt
    }

    func run(connection: PostgresConnection) throws -> TableSyncStats {
        let name = plan.table.name
        let columns = plan.table.columns.map(\.name)
        var stats = TableSyncStats(source: source, table: name, dialect: plan.dialect, mode: "snapshot")
        let database = cache.database
        let snapshotNo = (try cache.scalar("SELECT coalesce(max(snapshot_no), 0) + 1 FROM policy_snapshots") ?? 1)
        let previous = try cache.attempt {
            try database.integer("SELECT max(snapshot_no) FROM policy_snapshots WHERE source = ?1", [source])
        }
        let placeholders = (0..<columns.count).map { "?\($0 + 3)" }.joined(separator: ", ")
        let insert = try cache.attempt {
            try database.prepare(
                "INSERT INTO \(name) (snapshot_no, source, \(columns.joined(separator: ", ")), row_hash) "
                    + "VALUES (?1, ?2, \(placeholders), ?\(columns.count + 3))")
        }
        let decoder = CopyTextDecoder()
        let row = CanonicalRow(kinds: plan.table.columns.map(\.kind))
        var snapshotHash = SHA256()
        try connection.copyOut(plan.copySQL(orderByID: true), step: "reading \(name)") { line in
            decoder.decode(line)
            guard row.load(decoder) else {
                throw SyncFailure.malformedRow(
                    source: self.source, table: name, expected: row.kinds.count, found: decoder.fieldCount)
            }
            let hash = row.digest()
            snapshotHash.update(data: hash)
            stats.rowsDigest.add(hash)
            insert.bind(1, snapshotNo)
            insert.bind(2, self.source)
            row.bind(to: insert, from: 3)
            insert.bindBlob(columns.count + 3, hash)
            try self.cache.attempt { try insert.step() }
            insert.reset()
            stats.rowsRead += 1
        }
        let header = try cache.attempt {
            try database.prepare(
                "INSERT INTO policy_snapshots (snapshot_no, sync_id, source, taken_at, policy_count, snapshot_hash) "
                    + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        }
        header.bind(1, snapshotNo)
        header.bind(2, syncID)
        header.bind(3, source)
        header.bind(4, takenAt)
        header.bind(5, Int64(stats.rowsRead))
        header.bindBlob(6, Array(snapshotHash.finalize()))
        try cache.attempt { try header.step() }
        try compare(with: previous, snapshotNo: snapshotNo, stats: &stats)
        return stats
    }

    /// Counts policies new, changed and unchanged since the source's previous snapshot.
    private func compare(with previous: Int64?, snapshotNo: Int64, stats: inout TableSyncStats) throws {
        guard let previous else {
            stats.rowsInserted = stats.rowsRead
            return
        }
        let name = plan.table.name
        let counts = try cache.attempt {
            try cache.database.prepare(
                """
                SELECT
                  sum(o.id IS NULL),
                  sum(o.id IS NOT NULL AND o.row_hash != n.row_hash),
                  sum(o.id IS NOT NULL AND o.row_hash = n.row_hash)
                FROM \(name) n LEFT JOIN \(name) o ON o.snapshot_no = ?2 AND o.id = n.id
                WHERE n.snapshot_no = ?1
                """)
        }
        counts.bind(1, snapshotNo)
        counts.bind(2, previous)
        guard try cache.attempt({ try counts.step() }) else { return }
        stats.rowsInserted = Int(counts.int64(0))
        stats.rowsChanged = Int(counts.int64(1))
        stats.rowsUnchanged = Int(counts.int64(2))
    }
}
