import AegisSources

/// What re-pulling the Loki windows showed, beside the findings.
public struct LokiCheck: Sendable {
    /// Stretches of time compared (pieces of the pulled windows, at most one chunk long).
    public var pieces = 0
    /// Cached entries compared.
    public var cachedEntries = 0
    /// Entries Loki returned for them.
    public var pulledEntries = 0
}

/// Re-pulls every window the cache already pulled from Loki, with the same complete puller
/// (pages, then Loki's own `count_over_time`), and compares entry hashes: cached entries Loki
/// no longer returns are `loki_entries_missing`, entries it returns that the cache lacks
/// `loki_entries_added`. Time is walked in pieces of at most one chunk, so memory holds one
/// piece's hashes at a time.
final class LokiVerifier {
    private let cache: Cache
    private let client: LokiClient
    private let spec: LokiSyncSpec
    private var framing = HashFraming()

    init(cache: Cache, client: LokiClient, spec: LokiSyncSpec) {
        self.cache = cache
        self.client = client
        self.spec = spec
    }

    func run(report: (VerifyFinding) throws -> Void) throws -> LokiCheck {
        var check = LokiCheck()
        guard try cache.schemaVersion >= 2 else { return check }  // no Loki tables before version 2
        let covered = try coverage()
        let boundaries = Self.boundaries(covered, chunk: spec.chunkSeconds * 1_000_000_000)
        let puller = LokiPuller(client: client, limit: spec.limit, chunkLength: spec.chunkSeconds * 1_000_000_000)
        for (start, end) in zip(boundaries, boundaries.dropFirst()) {
            let selectors = covered.filter { _, intervals in intervals.contains { $0.0 <= start && end <= $0.1 } }
                .map(\.key).sorted()
            guard !selectors.isEmpty else { continue }
            check.pieces += 1
            var pulled: [[UInt8]: (timestamp: Int64, labels: String, line: String)] = [:]
            for selector in selectors {
                try puller.pull(
                    selector: selector, start: start, end: end,
                    deliver: { streams in
                        for stream in streams {
                            for entry in stream.entries {
                                let hash = LokiEntryWriter.entryHash(
                                    streamKey: stream.key, timestamp: entry.timestamp, line: entry.line,
                                    framing: &self.framing)
                                pulled[hash] = (entry.timestamp, stream.key, entry.line)
                            }
                        }
                    },
                    finished: { window in
                        guard !window.reconciled else { return }
                        try report(
                            VerifyFinding(
                                kind: .lokiWindowUnreconciled, table: "loki_entries", source: "loki",
                                time: NanosecondTime.text(window.start),
                                summary: "Loki window \(NanosecondTime.text(window.start)) to "
                                    + "\(NanosecondTime.text(window.end)) of \(selector): Loki counts "
                                    + "\(window.counted) entries but returned \(window.pulled)"))
                    })
            }
            check.pulledEntries += pulled.count
            try compare(start: start, end: end, pulled: &pulled, check: &check, report: report)
        }
        return check
    }

    /// Every selector's pulled time, from `loki_windows`, as merged [start, end) intervals.
    private func coverage() throws -> [String: [(Int64, Int64)]] {
        let statement = try cache.attempt {
            try cache.database.prepare(
                "SELECT DISTINCT selector, start_ns, end_ns FROM loki_windows ORDER BY selector, start_ns, end_ns")
        }
        var covered: [String: [(Int64, Int64)]] = [:]
        while try cache.attempt({ try statement.step() }) {
            let selector = statement.text(0) ?? "", start = statement.int64(1), end = statement.int64(2)
            guard end > start else { continue }
            var intervals = covered[selector, default: []]
            if let last = intervals.last, start <= last.1 {
                intervals[intervals.count - 1].1 = max(last.1, end)
            } else {
                intervals.append((start, end))
            }
            covered[selector] = intervals
        }
        return covered
    }

    /// Every interval end, plus the chunk grid inside the intervals, sorted and distinct.
    static func boundaries(_ covered: [String: [(Int64, Int64)]], chunk: Int64) -> [Int64] {
        var points = Set<Int64>()
        for intervals in covered.values {
            for (start, end) in intervals {
                points.insert(start)
                points.insert(end)
                var grid = start - ((start % chunk) + chunk) % chunk + chunk
                while grid < end {
                    points.insert(grid)
                    grid += chunk
                }
            }
        }
        return points.sorted()
    }

    private func compare(
        start: Int64, end: Int64, pulled: inout [[UInt8]: (timestamp: Int64, labels: String, line: String)],
        check: inout LokiCheck, report: (VerifyFinding) throws -> Void
    ) throws {
        let statement = try cache.attempt {
            try cache.database.prepare(
                """
                SELECT e.id, e.ts_ns, e.entry_hash, e.first_sync_id, s.labels, e.line
                FROM loki_entries e LEFT JOIN loki_streams s ON s.id = e.stream_id
                WHERE e.ts_ns >= ?1 AND e.ts_ns < ?2 ORDER BY e.ts_ns, e.id
                """)
        }
        statement.bind(1, start)
        statement.bind(2, end)
        while try cache.attempt({ try statement.step() }) {
            check.cachedEntries += 1
            if pulled.removeValue(forKey: statement.blob(2)) != nil { continue }
            let time = NanosecondTime.text(statement.int64(1))
            let syncID = statement.int64(3)
            try report(
                VerifyFinding(
                    kind: .lokiEntriesMissing, table: "loki_entries", source: "loki",
                    id: String(statement.int64(0)), syncID: syncID, time: time,
                    summary: "Loki entry \(statement.int64(0)) (\(time), \(statement.text(4) ?? "?")) pulled by sync "
                        + "\(syncID) is no longer in Loki: \(Self.excerpt(statement.text(5) ?? ""))"))
        }
        for (_, entry) in pulled.sorted(by: {
            ($0.value.timestamp, $0.value.line) < ($1.value.timestamp, $1.value.line)
        }) {
            let time = NanosecondTime.text(entry.timestamp)
            try report(
                VerifyFinding(
                    kind: .lokiEntriesAdded, table: "loki_entries", source: "loki", time: time,
                    summary: "Loki has an entry (\(time), \(entry.labels)) in a window already pulled that the cache "
                        + "lacks: \(Self.excerpt(entry.line))"))
        }
    }

    /// The first 160 characters of a line, for a one-line summary.
    static func excerpt(_ line: String) -> String {
        line.count <= 160 ? line : String(line.prefix(160)) + "…"
    }
}
