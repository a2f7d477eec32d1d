import AegisSources

/// What re-reading one table at its source showed, beside the findings.
public struct SourceTableCheck: Sendable {
    public let source: String
    public let table: String
    /// Rows read at the source.
    public var sourceRows = 0
    /// Rows cached with the same content at the source.
    public var matching = 0
    /// Rows the next sync will pick up: newer than its window start, or in a table read whole
    /// every sync (users, policies).
    public var notYetSynced = 0
    /// Rows of a table read whole every sync (users, policies) that changed or disappeared
    /// since the last sync, and open rows (pending, in progress) completed since: the next
    /// sync records them, so they are counted, not reported.
    public var changedSinceSync = 0
}

/// Walks one source table and its cached rows side by side in id order (one COPY, one indexed
/// SQLite read, nothing held in memory) and reports each difference.
///
/// For the append-only audit tables: a cached row missing at the source is `deleted_at_source`,
/// one with other content `changed_at_source` (with every differing column), a source row never
/// cached and older than the window the next sync reads a `backdated_insert`.
final class SourceTableVerifier {
    private let plan: TableReadPlan
    private let cache: Cache
    private let source: String
    private let overlapSeconds: Int
    private let decoder = CopyTextDecoder()
    private let row: CanonicalRow
    private var check: SourceTableCheck
    /// The cached rows, in id order; `pending` when the current one has not been compared yet.
    private var cached: SQLiteStatement!
    private var pending = false
    private var exhausted = false
    /// Source rows older than this (the next sync's window start) can no longer be picked up.
    private var cutoff: [UInt8]?
    private let watermarkIndex: Int?
    private let statusIndex: Int?
    private let openStatuses: [String]
    private var findings: [VerifyFinding] = []
    private var report: ((VerifyFinding) throws -> Void)!

    init(plan: TableReadPlan, cache: Cache, source: String, overlapSeconds: Int) {
        self.plan = plan
        self.cache = cache
        self.source = source
        self.overlapSeconds = overlapSeconds
        row = CanonicalRow(kinds: plan.table.columns.map(\.kind))
        check = SourceTableCheck(source: source, table: plan.table.name)
        if case .watermarked(let column, let open) = plan.table.mode {
            watermarkIndex = plan.table.columns.firstIndex { $0.name == column }
            openStatuses = open
        } else {
            watermarkIndex = nil
            openStatuses = []
        }
        statusIndex = plan.table.columns.firstIndex { $0.name == "status" }
    }

    /// Whether the audit table is append-only at the source (differences are findings).
    private var appendOnly: Bool { watermarkIndex != nil }

    /// Compares the table (inside the caller's read-only snapshot); nil when no sync has read
    /// this table from this source yet.
    func run(connection: PostgresConnection, report: @escaping (VerifyFinding) throws -> Void) throws
        -> SourceTableCheck?
    {
        self.report = report
        let name = plan.table.name
        let synced = try cache.attempt {
            try cache.database.integer(
                "SELECT count(*) FROM sync_run_tables WHERE source = ?1 AND table_name = ?2", [source, name])
        }
        guard synced ?? 0 > 0 else { return nil }
        let columns = plan.table.columns.map(\.name).joined(separator: ", ")
        if plan.table.mode == .snapshot {
            cached = try cache.attempt {
                try cache.database.prepare(
                    """
                    SELECT \(columns), row_hash, (SELECT sync_id FROM policy_snapshots s WHERE s.snapshot_no = p.snapshot_no)
                    FROM \(name) p
                    WHERE snapshot_no = (SELECT max(snapshot_no) FROM policy_snapshots WHERE source = ?1) ORDER BY id
                    """)
            }
        } else {
            cached = try cache.attempt {
                try cache.database.prepare(
                    "SELECT \(columns), row_hash, version_sync_id FROM \(name) WHERE source = ?1 ORDER BY id")
            }
            cutoff = try windowStart().map { Array($0.utf8) }
        }
        cached.bind(1, source)
        try connection.copyOut(plan.copySQLInIDOrder(), step: "verifying \(name)") { line in
            try self.process(line)
        }
        while try advance() { try cachedOnly() }
        return check
    }

    /// The start of the window the next sync reads: the last watermark minus the overlap.
    private func windowStart() throws -> String? {
        let watermark = try cache.attempt {
            try cache.database.text(
                """
                SELECT watermark_after FROM sync_run_tables
                WHERE source = ?1 AND table_name = ?2 AND watermark_after IS NOT NULL
                ORDER BY sync_id DESC LIMIT 1
                """, [source, plan.table.name])
        }
        guard let watermark, watermark.utf8.count == TimestampText.length else { return nil }
        return try cache.attempt {
            try cache.database.text(
                "SELECT strftime('%Y-%m-%dT%H:%M:%S', ?1, ?2) || substr(?1, 20)",
                [watermark, "-\(overlapSeconds) seconds"])
        }
    }

    /// Makes the next cached row current; false when there is none.
    private func advance() throws -> Bool {
        if pending { return true }
        if exhausted { return false }
        if try cache.attempt({ try cached.step() }) {
            pending = true
            return true
        }
        exhausted = true
        return false
    }

    private func process(_ line: UnsafeBufferPointer<UInt8>) throws {
        decoder.decode(line)
        guard row.load(decoder) else {
            throw SyncFailure.malformedRow(
                source: source, table: plan.table.name, expected: row.kinds.count, found: decoder.fieldCount)
        }
        check.sourceRows += 1
        let id = row.text(0) ?? UnsafeBufferPointer(start: nil, count: 0)
        while try advance() {
            let cachedID = cached.hashBytes(0) ?? UnsafeBufferPointer(start: nil, count: 0)
            if cachedID.lexicographicallyPrecedes(id) {
                try cachedOnly()
                continue
            }
            if cachedID.elementsEqual(id) {
                pending = false
                try compare()
                return
            }
            break
        }
        try sourceOnly()
    }

    /// The current cached row has no source row.
    private func cachedOnly() throws {
        pending = false
        guard appendOnly else {
            check.changedSinceSync += 1
            return
        }
        let id = cached.text(0) ?? ""
        let syncID = cached.int64(row.kinds.count + 1)
        let time = watermarkIndex.flatMap { cached.text($0) }
        try report(
            VerifyFinding(
                kind: .deletedAtSource, table: plan.table.name, source: source, id: id, syncID: syncID, time: time,
                summary: "\(plan.table.name) row \(id) (\(source)\(time.map { ", \($0)" } ?? "")) is gone from the "
                    + "source; sync \(syncID) cached it"))
    }

    /// The current source row has no cached row.
    private func sourceOnly() throws {
        guard let watermarkIndex, let cutoff, let instant = row.text(watermarkIndex),
            instant.lexicographicallyPrecedes(cutoff)
        else {
            check.notYetSynced += 1
            return
        }
        let id = row.string(0) ?? ""
        let time = row.string(watermarkIndex) ?? ""
        let start = String(decoding: cutoff, as: UTF8.self)
        try report(
            VerifyFinding(
                kind: .backdatedInsert, table: plan.table.name, source: source, id: id, time: time,
                summary: "\(plan.table.name) row \(id) (\(source), \(time)) appeared at the source below the "
                    + "watermark: older than \(start), where the next sync starts reading, and never cached"))
    }

    /// Both sides have the row: same content, or a change.
    private func compare() throws {
        let count = row.kinds.count
        if row.digest() == cached.blob(count) {
            check.matching += 1
            return
        }
        let open = statusIndex.flatMap { cached.text($0) }.map { openStatuses.contains($0) } ?? false
        guard appendOnly, !open else {
            check.changedSinceSync += 1
            return
        }
        var changes: [VerifyFinding.FieldChange] = []
        for (index, column) in plan.table.columns.enumerated() {
            let old = cached.hashBytes(index), new = row.text(index)
            let same: Bool
            switch (old, new) {
            case (nil, nil): same = true
            case (let old?, let new?): same = old.elementsEqual(new)
            default: same = false
            }
            if !same {
                changes.append(
                    VerifyFinding.FieldChange(
                        column: column.name, cached: cached.text(index), source: row.string(index)))
            }
        }
        let id = row.string(0) ?? ""
        let syncID = cached.int64(count + 1)
        let time = watermarkIndex.flatMap { cached.text($0) }
        let columns =
            changes.isEmpty ? "the same values, but not their hash" : changes.map(\.column).joined(separator: ", ")
        try report(
            VerifyFinding(
                kind: .changedAtSource, table: plan.table.name, source: source, id: id, syncID: syncID, time: time,
                summary: "\(plan.table.name) row \(id) (\(source)) was rewritten at the source after sync \(syncID) "
                    + "cached it: \(columns)", changes: changes))
    }
}
