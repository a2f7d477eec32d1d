/// What `verify` found out about the cache alone, beside its findings.
public struct CacheVerification: Sendable {
    /// Rows and entries whose hash was recomputed.
    public var rowsChecked = 0
    /// Sync runs whose seal and link were checked.
    public var runsChecked = 0
    /// Runs synced before the cache had the chain and sealed by a later sync (run, sealed by).
    public var sealedLater: [(run: Int64, by: Int64)] = []
    /// Runs not sealed yet: synced before the chain, with no sync since.
    public var unsealed: [Int64] = []
    /// The newest run's record hash, in hex: note it somewhere safe to detect a rewrite of the
    /// whole chain later.
    public var chainHead: String?
    /// The cache's schema predates the chain (nothing sealed).
    public var predatesChain = false
}

/// Checks the cache alone: `PRAGMA integrity_check`, every row hash, every sync run's rows
/// digest, record hash and link to the run before (docs/forensics.md). Reads only.
struct CacheVerifier {
    let cache: Cache

    func run(report: (VerifyFinding) throws -> Void) throws -> CacheVerification {
        var result = CacheVerification()
        try integrityCheck(report: report)
        let scanner = CacheRowScanner(cache: cache)
        try scanner.scan(
            mismatch: { row in
                try report(
                    VerifyFinding(
                        kind: .cacheRowHashMismatch, table: row.table, source: row.source, id: row.id,
                        syncID: row.syncID,
                        summary: "\(row.place) row \(row.id) (\(row.source)): its columns no longer hash to its "
                            + "stored hash: edited in the cache after sync \(row.syncID.map(String.init) ?? "?") wrote it"
                    ))
            },
            snapshotMismatch: { snapshot in
                try report(
                    VerifyFinding(
                        kind: .cacheSnapshotMismatch, table: "policies", source: snapshot.source,
                        id: "snapshot \(snapshot.snapshotNo)", syncID: snapshot.syncID,
                        summary:
                            "policy snapshot \(snapshot.snapshotNo) of sync \(snapshot.syncID): its rows no longer "
                            + "hash to the snapshot's hash (\(snapshot.foundCount) rows, \(snapshot.recordedCount) recorded)"
                    ))
            })
        result.rowsChecked = scanner.rowsChecked
        guard try cache.schemaVersion >= CacheSchema.sealChainVersion else {
            result.predatesChain = true
            return result
        }
        try checkChain(scanner.digests, result: &result, report: report)
        return result
    }

    private func integrityCheck(report: (VerifyFinding) throws -> Void) throws {
        let statement = try cache.attempt { try cache.database.prepare("PRAGMA integrity_check") }
        while try cache.attempt({ try statement.step() }) {
            let line = statement.text(0) ?? ""
            guard line != "ok" else { continue }
            try report(
                VerifyFinding(
                    kind: .integrityCheck, table: "", source: "", summary: "PRAGMA integrity_check: \(line)"))
        }
    }

    private func checkChain(
        _ digests: [CacheRowScanner.Key: RowSetDigest], result: inout CacheVerification,
        report: (VerifyFinding) throws -> Void
    ) throws {
        var sealedTables: [CacheRowScanner.Key: RowSetDigest] = [:]
        var sealedByRun: [Int64: [CacheRowScanner.Key]] = [:]
        let tables = try cache.attempt {
            try cache.database.prepare(
                "SELECT sync_id, source, table_name, rows_sealed, rows_digest FROM sync_run_tables "
                    + "WHERE rows_digest IS NOT NULL")
        }
        while try cache.attempt({ try tables.step() }) {
            let key = CacheRowScanner.Key(
                syncID: tables.int64(0), source: tables.text(1) ?? "", table: tables.text(2) ?? "")
            sealedTables[key] = RowSetDigest(bytes: tables.blob(4), count: tables.int64(3)) ?? RowSetDigest()
            sealedByRun[key.syncID, default: []].append(key)
        }
        let runs = try cache.attempt {
            try cache.database.prepare(
                "SELECT id, previous_hash, record_hash, sealed_by_sync_id FROM sync_runs ORDER BY id")
        }
        var previous: [UInt8]? = SyncRunSeal.genesis
        var previousID: Int64?
        var known = Set<Int64>()
        while try cache.attempt({ try runs.step() }) {
            let run = runs.int64(0)
            known.insert(run)
            defer { previousID = run }
            guard !runs.isNull(2) else {
                result.unsealed.append(run)
                previous = nil
                continue
            }
            result.runsChecked += 1
            let link = runs.blob(1), stored = runs.blob(2)
            let sealedBy = runs.int64(3)
            if sealedBy != run { result.sealedLater.append((run, sealedBy)) }
            result.chainHead = stored.map { String(format: "%02x", $0) }.joined()
            if let previous, link != previous {
                let before = previousID.map { "run \($0)" } ?? "the start of the chain"
                try report(
                    VerifyFinding(
                        kind: .cacheChainBroken, table: "sync_runs", source: "", id: String(run), syncID: run,
                        summary: "sync run \(run): its link to \(before) is broken: a run before it was removed, "
                            + "added or had its record hash rewritten"))
            }
            if try SyncRunSeal.recordHash(of: run, in: cache) != stored {
                try report(
                    VerifyFinding(
                        kind: .cacheChainBroken, table: "sync_runs", source: "", id: String(run), syncID: run,
                        summary: "sync run \(run): its record (sync_runs, sync_run_sources, sync_run_tables, "
                            + "loki_windows or policy_snapshots) was altered after it was sealed"))
            }
            previous = stored
            for key in (sealedByRun[run] ?? []).sorted() {
                let sealed = sealedTables[key] ?? RowSetDigest()
                let found = digests[key] ?? RowSetDigest()
                guard found != sealed else { continue }
                try report(
                    VerifyFinding(
                        kind: .cacheRowsDigestMismatch, table: key.table, source: key.source, syncID: run,
                        summary: "sync run \(run), \(key.source).\(key.table): the rows it wrote no longer match its "
                            + "seal (\(found.count) row versions where \(sealed.count) were sealed): rows were "
                            + (found.count < sealed.count
                                ? "deleted" : found.count > sealed.count ? "added" : "rewritten")
                            + " in the cache"))
            }
        }
        let unsealedRuns = Set(result.unsealed)
        for (key, digest) in digests.sorted(by: { $0.key < $1.key })
        where !unsealedRuns.contains(key.syncID) && sealedTables[key] == nil {
            let reason = known.contains(key.syncID) ? "which sealed no rows of this table" : "which has no record"
            try report(
                VerifyFinding(
                    kind: .cacheUnsealedRows, table: key.table, source: key.source, syncID: key.syncID,
                    summary: "\(digest.count) row versions of \(key.source).\(key.table) claim sync run \(key.syncID), "
                        + "\(reason): added to the cache outside a sync"))
        }
    }
}
