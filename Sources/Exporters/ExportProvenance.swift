import AegisAudit
import AegisSources

/// What a manifest says about where an export came from; the caller knows the subject and the
/// window, ``loadSources(from:)`` reads the rest from the cache.
public struct ExportProvenance: Sendable {
    /// The command line as typed (masked when the manifest is written).
    public var commandLine: [String]
    public var subject: ExportManifest.Subject
    public var window: ExportManifest.Window?
    public var sources: [ExportManifest.Source] = []
    public var syncRuns: [Int64] = []

    public init(commandLine: [String], subject: ExportManifest.Subject, window: ExportManifest.Window? = nil) {
        self.commandLine = commandLine
        self.subject = subject
        self.window = window
    }

    /// Fills ``sources`` and ``syncRuns`` from the cache's sync records: one source per
    /// (source, endpoint) with the syncs that read it, and every finished sync.
    public mutating func loadSources(from cache: Cache) throws {
        let redactor = CommandLineRedaction.makeRedactor()
        let collected = CollectingSink()
        try CacheQuery.run(
            """
            SELECT s.source, s.endpoint, max(s.database_name), max(s.server_version),
                   group_concat(s.sync_id), max(s.snapshot_taken_at)
            FROM sync_run_sources s JOIN sync_runs r ON r.id = s.sync_id
            WHERE r.finished_at IS NOT NULL
            GROUP BY s.source, s.endpoint ORDER BY s.source, s.endpoint
            """, on: cache, into: collected)
        sources = collected.rows.map { row in
            ExportManifest.Source(
                source: row[0].text ?? "", endpoint: redactor.redact(row[1].text ?? ""), database: row[2].text,
                serverVersion: row[3].text,
                syncRuns: (row[4].text ?? "").split(separator: ",").compactMap { Int64($0) }.sorted(),
                lastSnapshotTakenAt: row[5].text)
        }
        let runs = CollectingSink()
        try CacheQuery.run("SELECT id FROM sync_runs WHERE finished_at IS NOT NULL ORDER BY id", on: cache, into: runs)
        syncRuns = runs.rows.compactMap { row in
            if case .integer(let id) = row[0] { return id }
            return nil
        }
    }
}

/// Keeps a small result (the cache's sync records) in memory.
final class CollectingSink: RowSink {
    private(set) var rows: [[CacheValue]] = []
    func begin(columns: [ResultColumn]) throws {}
    func write(row: [CacheValue]) throws { rows.append(row) }
    func finish() throws {}
}

extension CacheValue {
    /// The text of a text value (integers in decimal); nil otherwise.
    var text: String? {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        default: return nil
        }
    }
}
