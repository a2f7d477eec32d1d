import AegisSources

/// What `aegis-audit verify` checks and against what.
public struct VerifyOptions: Sendable {
    public var cachePath: String
    /// Databases to re-read (the same as `sync`'s).
    public var sources: [SourceSpec]
    /// The Loki server to re-pull the cached windows from.
    public var loki: LokiSyncSpec?
    /// Time zone of `timestamp without time zone` columns; nil: the one the last sync used.
    public var sourceTimeZone: String?
    /// The overlap the next sync will use; nil: the one the last sync used.
    public var overlapSeconds: Int?
    /// Check the cache itself (integrity, row hashes, seal chain).
    public var checkCache = true
    /// Compare with the sources.
    public var checkSources = true

    public init(cachePath: String, sources: [SourceSpec] = []) {
        self.cachePath = cachePath
        self.sources = sources
    }
}

/// What a verification found besides its findings (which go to the caller as they are found).
public struct VerifyReport: Sendable {
    /// Findings per kind.
    public var counts: [VerifyFinding.Kind: Int] = [:]
    public var cache: CacheVerification?
    public var tables: [SourceTableCheck] = []
    public var loki: LokiCheck?
    /// The sources compared: name, endpoint (no password) and the snapshot read.
    public var sources: [(source: String, endpoint: String, snapshot: SnapshotInfo)] = []
    /// The Loki server compared (no credentials).
    public var lokiEndpoint: String?

    public var findings: Int { counts.values.reduce(0, +) }
    /// Nothing found.
    public var isClean: Bool { findings == 0 }
}

/// Runs `verify`: the cache is opened read-only and never written; sources are read inside one
/// read-only snapshot each, with the same connection settings as `sync`.
public enum Verifier {
    /// Connects to every source first (nothing is compared if one is unreachable), then checks
    /// the cache, then compares each source. `finding` gets each discrepancy as it is found.
    public static func run(
        _ options: VerifyOptions, redactor: SecretRedactor, progress: (String) -> Void = { _ in },
        finding: @escaping (VerifyFinding) throws -> Void
    ) throws -> VerifyReport {
        let cache = try Cache.openForReading(path: options.cachePath)
        var report = VerifyReport()
        let counter = FindingCounter()
        let record: (VerifyFinding) throws -> Void = { item in
            counter.counts[item.kind, default: 0] += 1
            try finding(item)
        }
        let recorded = try lastSyncOptions(cache)
        let timeZone = options.sourceTimeZone ?? recorded.timeZone ?? "UTC"
        let overlap = options.overlapSeconds ?? recorded.overlap ?? 600

        var opened: [(name: String, connection: PostgresConnection, plans: [TableReadPlan])] = []
        var loki: (client: LokiClient, spec: LokiSyncSpec)?
        if options.checkSources {
            for spec in options.sources {
                let name = spec.role.rawValue
                let connectionString = try ConnectionString(spec.connectionString, source: name, redactor: redactor)
                let connection = try PostgresConnection(
                    source: name, connectionString: connectionString, redactor: redactor)
                let snapshot = try connection.beginReadOnlySnapshot()
                let plans = try SourcePlanner.plan(role: spec.role, connection: connection, timeZone: timeZone)
                progress("\(name): connected to \(connection.endpoint) (PostgreSQL \(snapshot.serverVersion))")
                report.sources.append((name, connection.endpoint, snapshot))
                opened.append((name, connection, plans))
            }
            if let spec = options.loki {
                let client = try LokiClient(settings: spec.settings, redactor: redactor, retry: spec.retry)
                let version = try client.version()
                progress("loki: connected to \(client.server) (Loki \(version))")
                report.lokiEndpoint = client.server
                loki = (client, spec)
            }
        }

        if options.checkCache {
            progress("cache: integrity check, row hashes, seal chain")
            report.cache = try CacheVerifier(cache: cache).run(report: record)
        }
        for source in opened {
            for plan in source.plans {
                let verifier = SourceTableVerifier(
                    plan: plan, cache: cache, source: source.name, overlapSeconds: overlap)
                if let check = try verifier.run(connection: source.connection, report: record) {
                    report.tables.append(check)
                    progress(
                        "\(source.name).\(plan.table.name): \(check.sourceRows) rows at the source, "
                            + "\(check.matching) as cached")
                }
            }
            try reportVanishedTables(source: source.name, planned: source.plans, cache: cache, report: record)
            try source.connection.endSnapshot()
        }
        if let loki {
            report.loki = try LokiVerifier(cache: cache, client: loki.client, spec: loki.spec).run(report: record)
        }
        report.counts = counter.counts
        return report
    }

    private final class FindingCounter {
        var counts: [VerifyFinding.Kind: Int] = [:]
    }

    /// Cached rows of an audit table the source no longer has at all (an optional table,
    /// dropped): each is `deleted_at_source`.
    private static func reportVanishedTables(
        source: String, planned: [TableReadPlan], cache: Cache, report: (VerifyFinding) throws -> Void
    ) throws {
        let role = SourceRole(rawValue: source)
        for (table, _) in role?.tables ?? [] where !planned.contains(where: { $0.table.name == table.name }) {
            guard case .watermarked(let column, _) = table.mode else { continue }
            let rows = try cache.attempt {
                try cache.database.prepare(
                    "SELECT id, \(column), version_sync_id FROM \(table.name) WHERE source = ?1 ORDER BY id")
            }
            rows.bind(1, source)
            while try cache.attempt({ try rows.step() }) {
                let id = rows.text(0) ?? "", time = rows.text(1), syncID = rows.int64(2)
                try report(
                    VerifyFinding(
                        kind: .deletedAtSource, table: table.name, source: source, id: id, syncID: syncID, time: time,
                        summary: "\(table.name) row \(id) (\(source)) is gone from the source: the whole table is; "
                            + "sync \(syncID) cached it"))
            }
        }
    }

    /// The source time zone and overlap the newest sync used.
    private static func lastSyncOptions(_ cache: Cache) throws -> (timeZone: String?, overlap: Int?) {
        let statement = try cache.attempt {
            try cache.database.prepare(
                "SELECT json_extract(options, '$.source_timezone'), json_extract(options, '$.overlap_seconds') "
                    + "FROM sync_runs ORDER BY id DESC LIMIT 1")
        }
        guard try cache.attempt({ try statement.step() }) else { return (nil, nil) }
        return (statement.text(0), statement.isNull(1) ? nil : Int(statement.int64(1)))
    }
}
