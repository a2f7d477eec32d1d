import AegisSources

/// Pulls every configured selector from the last watermark (minus the overlap) to now, stores
/// the entries, and records each chunk's reconciliation in `loki_windows`.
final class LokiSync {
    private let spec: LokiSyncSpec
    private let client: LokiClient
    private let cache: Cache
    private let syncID: Int64
    private let overlapSeconds: Int

    init(spec: LokiSyncSpec, client: LokiClient, cache: Cache, syncID: Int64, overlapSeconds: Int) {
        self.spec = spec
        self.client = client
        self.cache = cache
        self.syncID = syncID
        self.overlapSeconds = overlapSeconds
    }

    /// The per-table record of the pull and every chunk's reconciliation.
    func run(progress: (LokiProgress) -> Void) throws -> (stats: TableSyncStats, windows: [LokiWindow]) {
        let second: Int64 = 1_000_000_000
        let until = spec.until ?? NanosecondTime.now()
        let parser = LogLineParser(formats: try LogFormatSet.builtIn())
        let writer = try LokiEntryWriter(cache: cache, syncID: syncID, parser: parser)
        let puller = LokiPuller(client: client, limit: spec.limit, chunkLength: spec.chunkSeconds * second)
        let recordWindow = try cache.attempt {
            try cache.database.prepare(
                """
                INSERT OR REPLACE INTO loki_windows (sync_id, selector, start_ns, end_ns, pages, entries_pulled,
                    entries_new, entries_counted, reconciled)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """)
        }
        let firstPull = try cache.scalar("SELECT NOT EXISTS (SELECT 1 FROM loki_windows)") == 1
        var stats = TableSyncStats(
            source: "loki", table: "loki_entries", dialect: "loki", mode: firstPull ? "bulk" : "incremental")
        stats.watermarkColumn = "ts_ns"
        var starts: [(selector: String, start: Int64)] = []
        var previous: Int64?
        for selector in spec.selectors {
            let watermark = try cache.attempt {
                try cache.database.integer("SELECT max(end_ns) FROM loki_windows WHERE selector = ?1", [selector])
            }
            previous = [previous, watermark].compactMap { $0 }.max()
            var start = watermark.map { $0 - Int64(overlapSeconds) * second } ?? (until - spec.sinceSeconds * second)
            // A window that did not reconcile, and that no later pull covered, is pulled again.
            let unresolved = try cache.attempt {
                try cache.database.integer(
                    """
                    SELECT min(w.start_ns) FROM loki_windows w
                    WHERE w.selector = ?1 AND w.reconciled = 0 AND NOT EXISTS (
                      SELECT 1 FROM loki_windows r WHERE r.selector = w.selector AND r.reconciled = 1
                        AND r.sync_id > w.sync_id AND r.start_ns <= w.start_ns AND r.end_ns >= w.end_ns)
                    """, [selector])
            }
            if let unresolved { start = min(start, unresolved) }
            starts.append((selector, min(start, until)))
        }
        stats.watermarkBefore = previous.map(NanosecondTime.text)
        stats.windowStart = starts.map(\.start).min().map(NanosecondTime.text)
        let chunk = spec.chunkSeconds * second
        var total = 0
        for (_, start) in starts {
            let span: Int64 = until - start
            total += Int((span + chunk - 1) / chunk) + 1
        }
        var done = 0, lines = 0
        var windows: [LokiWindow] = []
        let began = NanosecondTime.now()
        for (selector, start) in starts {
            var newInChunk = 0
            try puller.pull(
                selector: selector, start: start, end: until,
                deliver: { streams in
                    newInChunk += try writer.write(streams)
                    lines += streams.reduce(0) { $0 + $1.entries.count }
                },
                finished: { window in
                    recordWindow.bind(1, self.syncID)
                    recordWindow.bind(2, selector)
                    recordWindow.bind(3, window.start)
                    recordWindow.bind(4, window.end)
                    recordWindow.bind(5, Int64(window.pages))
                    recordWindow.bind(6, Int64(window.pulled))
                    recordWindow.bind(7, Int64(newInChunk))
                    recordWindow.bind(8, window.counted)
                    recordWindow.bind(9, Int64(window.reconciled ? 1 : 0))
                    try self.cache.attempt { try recordWindow.step() }
                    recordWindow.reset()
                    newInChunk = 0
                    windows.append(window)
                    done += 1
                    total = max(total, done)
                    progress(
                        LokiProgress(
                            chunksDone: done, chunksTotal: total, lines: lines,
                            elapsedSeconds: Double(NanosecondTime.now() - began) / 1e9))
                })
        }
        stats.rowsRead = windows.reduce(0) { $0 + $1.pulled }
        stats.rowsInserted = writer.inserted
        stats.rowsDigest = writer.digest
        stats.rowsUnchanged = stats.rowsRead - writer.inserted
        stats.watermarkAfter = windows.map(\.end).max().map(NanosecondTime.text) ?? stats.watermarkBefore
        return (stats, windows)
    }
}
