import AegisSources
import Foundation

/// Runs one sync: connect to every source and check its schema first, then copy each table
/// inside one read-only snapshot per source and one cache transaction for the whole run.
///
/// The cache is either updated completely or left as it was: any error rolls the run back. A
/// cache that did not exist is built beside its path and appears there only when complete.
public enum SyncEngine {
    /// The tool's version, recorded in `sync_runs`.
    public static let toolVersion = "0.1.0"

    /// Syncs every source in `options`; `progress` receives one line per table.
    public static func run(
        _ options: SyncOptions, redactor: SecretRedactor, progress: (String) -> Void = { _ in },
        lokiProgress: (LokiProgress) -> Void = { _ in }, lokiRetry: @escaping (String) -> Void = { _ in }
    ) throws -> SyncReport {
        guard !options.sources.isEmpty || options.loki != nil else { throw SyncFailure.noSources }
        // 1. Every source: connect, open its snapshot, plan its tables. No cache access yet.
        var opened:
            [(spec: SourceSpec, connection: PostgresConnection, snapshot: SnapshotInfo, plans: [TableReadPlan])] = []
        for spec in options.sources {
            let name = spec.role.rawValue
            let connectionString = try ConnectionString(spec.connectionString, source: name, redactor: redactor)
            let connection = try PostgresConnection(
                source: name, connectionString: connectionString, redactor: redactor)
            let snapshot = try connection.beginReadOnlySnapshot()
            let plans = try SourcePlanner.plan(
                role: spec.role, connection: connection, timeZone: options.sourceTimeZone)
            progress("\(name): connected to \(connection.endpoint) (PostgreSQL \(snapshot.serverVersion))")
            opened.append((spec, connection, snapshot, plans))
        }

        // Loki: check the address, the credentials and the server before the cache is touched.
        var loki: (spec: LokiSyncSpec, client: LokiClient, version: String)?
        if let spec = options.loki {
            let client = try LokiClient(settings: spec.settings, redactor: redactor, retry: spec.retry)
            client.onRetry = lokiRetry
            let version = try client.version()
            progress("loki: connected to \(client.server) (Loki \(version))")
            loki = (spec, client, version)
        }

        // 2. One cache transaction for the whole run.
        let cache = try Cache.openForSync(path: options.cachePath)
        do {
            try cache.run("BEGIN IMMEDIATE")
            let recorder = try SyncRunRecorder(cache: cache, options: options)
            var allStats: [TableSyncStats] = []
            for source in opened {
                let name = source.spec.role.rawValue
                try recorder.record(source: name, endpoint: source.connection.endpoint, snapshot: source.snapshot)
                for plan in source.plans {
                    let stats: TableSyncStats
                    if plan.table.mode == .snapshot {
                        stats = try PolicySnapshotSync(
                            plan: plan, cache: cache, source: name, syncID: recorder.syncID,
                            takenAt: source.snapshot.takenAt
                        ).run(connection: source.connection)
                    } else {
                        stats = try KeyedTableSync(plan: plan, cache: cache, source: name, syncID: recorder.syncID)
                            .run(
                                connection: source.connection, overlapSeconds: options.overlapSeconds,
                                full: options.full)
                    }
                    try recorder.record(stats)
                    allStats.append(stats)
                    progress(
                        "\(name).\(stats.table): \(stats.rowsRead) read, \(stats.rowsInserted) new, "
                            + "\(stats.rowsChanged) changed (\(stats.mode), \(stats.dialect) columns)")
                }
                try source.connection.endSnapshot()
            }
            var windows: [LokiWindow] = []
            if let loki {
                try recorder.record(source: "loki", endpoint: loki.client.server, serverVersion: loki.version)
                let pull = try LokiSync(
                    spec: loki.spec, client: loki.client, cache: cache, syncID: recorder.syncID,
                    overlapSeconds: options.overlapSeconds
                ).run(progress: lokiProgress)
                try recorder.record(pull.stats)
                allStats.append(pull.stats)
                windows = pull.windows
            }
            try recorder.finish()
            try cache.run("COMMIT")
            try? cache.run("PRAGMA optimize")  // statistics for the query planner
            try? cache.run("PRAGMA wal_checkpoint(TRUNCATE)")
            try cache.publish()
            return SyncReport(
                syncID: recorder.syncID, tables: allStats,
                sources: opened.map { ($0.spec.role.rawValue, $0.connection.endpoint, $0.snapshot) },
                lokiWindows: windows, loki: loki.map { ($0.client.server, $0.version) })
        } catch {
            try? cache.run("ROLLBACK")
            cache.discard()
            throw error
        }
    }
}
