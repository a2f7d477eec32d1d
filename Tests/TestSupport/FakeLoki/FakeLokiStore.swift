/// One stored log entry.
struct StoredEntry {
    let timestamp: Int64
    /// Global ingest order: entries sharing a nanosecond come back in this order forward.
    let sequence: Int
    let line: String
    /// The line as an escaped, quoted JSON string, made once at ingest so that answering a big
    /// page is a copy (escaping 2 MB per answer would dominate in debug builds).
    let lineJSON: [UInt8]
    /// Structured metadata, `detected_level` included.
    let metadata: LabelSet
}

/// A stream: its labels (with `service_name`) and its entries sorted by (timestamp, ingest order).
final class StoredStream {
    let labels: LabelSet
    /// `{a="x", b="y"}`, what Loki orders streams by.
    let text: String
    lazy var labelDictionary: [String: String] = labels.dictionary
    private(set) var entries: [StoredEntry] = []
    private var isSorted = true
    private var seen: Set<DuplicateKey> = []

    private struct DuplicateKey: Hashable {
        let timestamp: Int64
        let line: String
    }

    init(labels: LabelSet) {
        self.labels = labels
        text = labels.text
    }

    /// Appends an entry unless the stream already holds the same (timestamp, line).
    func append(_ entry: StoredEntry) -> Bool {
        guard seen.insert(DuplicateKey(timestamp: entry.timestamp, line: entry.line)).inserted else { return false }
        if let last = entries.last, entry.timestamp < last.timestamp { isSorted = false }
        entries.append(entry)
        return true
    }

    func sortIfNeeded() {
        guard !isSorted else { return }
        entries.sort { $0.timestamp != $1.timestamp ? $0.timestamp < $1.timestamp : $0.sequence < $1.sequence }
        isSorted = true
    }

    /// The index of the first entry at or after `timestamp` (entries must be sorted).
    func firstIndex(atOrAfter timestamp: Int64) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].timestamp < timestamp { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether an entry lies in [start, end] (inclusive, as label queries use it).
    func hasEntries(from start: Int64, through end: Int64) -> Bool {
        let index = firstIndex(atOrAfter: start)
        return index < entries.count && entries[index].timestamp <= end
    }
}

/// The in-memory log store behind the fake. Not thread-safe: the server serialises access.
final class FakeLokiStore {
    private(set) var streams: [StoredStream] = []
    private var streamsByLabels: [LabelSet: StoredStream] = [:]
    private var nextSequence = 0
    private(set) var entryCount = 0
    private var levelMetadata: [String: LabelSet] = [:]

    /// One value of a pushed stream.
    struct IncomingValue {
        var timestamp: Int64
        var line: String
        var metadata: [String: String]
    }

    /// Ingests the values of one stream like Loki's distributor and ingester: adds
    /// `service_name` and `detected_level`, drops exact duplicates. Returns how many were kept.
    @discardableResult
    func ingest(labels: [String: String], values: [IncomingValue]) -> Int {
        let streamLabels = FakeLokiFieldDetection.withServiceName(labels)
        let key = LabelSet(streamLabels)
        let stream: StoredStream
        if let existing = streamsByLabels[key] {
            stream = existing
        } else {
            stream = StoredStream(labels: key)
            streamsByLabels[key] = stream
            streams.append(stream)
        }
        let labelLevel = FakeLokiFieldDetection.levelFields.lazy.compactMap { streamLabels[$0] }.first
            .map { FakeLokiFieldDetection.normalize($0) ?? $0 }
        var kept = 0
        for value in values {
            let metadata: LabelSet
            if value.metadata.isEmpty {
                let level =
                    labelLevel
                    ?? FakeLokiFieldDetection.detectedLevel(labels: streamLabels, metadata: [:], line: value.line)
                metadata = sharedLevelMetadata(level)
            } else {
                var fields = value.metadata
                fields["detected_level"] = FakeLokiFieldDetection.detectedLevel(
                    labels: streamLabels, metadata: value.metadata, line: value.line)
                metadata = LabelSet(fields)
            }
            let entry = StoredEntry(
                timestamp: value.timestamp, sequence: nextSequence, line: value.line,
                lineJSON: GoJSONWriter.quoted(value.line), metadata: metadata)
            if stream.append(entry) {
                nextSequence += 1
                entryCount += 1
                kept += 1
            }
        }
        return kept
    }

    private func sharedLevelMetadata(_ level: String) -> LabelSet {
        if let shared = levelMetadata[level] { return shared }
        let created = LabelSet(sortedPairs: [LabelPair(name: "detected_level", value: level)])
        levelMetadata[level] = created
        return created
    }

    /// The streams whose labels match, sorted by their text (Loki's result order), entries sorted.
    func matchingStreams(_ matchers: [LogQLMatcher]) -> [StoredStream] {
        let matching = streams.filter { stream in matchers.allSatisfy { $0.matches(stream.labels[$0.name]) } }
        for stream in matching { stream.sortIfNeeded() }
        return matching.sorted { $0.text < $1.text }
    }

    // MARK: Log queries

    /// The `limit` oldest (forward) or newest (backward) accepted entries of [start, end) across
    /// `streams` (sorted by text), in the order Loki's heap iterator yields them: by time, then
    /// by stream text, then by ingest order (all three reversed backward).
    func select(
        from streams: [StoredStream], start: Int64, end: Int64, limit: Int, forward: Bool,
        accept: (StoredStream, StoredEntry) -> Bool
    ) -> [(stream: StoredStream, entry: StoredEntry)] {
        var heap = CursorHeap(forward: forward)
        for (rank, stream) in streams.enumerated() {
            let low = stream.firstIndex(atOrAfter: start)
            let high = stream.firstIndex(atOrAfter: end)
            guard low < high else { continue }
            var cursor = Cursor(stream: stream, rank: rank, position: forward ? low : high - 1, low: low, high: high)
            if cursor.seek(forward: forward, accept: accept) { heap.push(cursor) }
        }
        var selected: [(stream: StoredStream, entry: StoredEntry)] = []
        selected.reserveCapacity(min(limit, 10_000))
        while selected.count < limit, var cursor = heap.pop() {
            selected.append((cursor.stream, cursor.entry))
            cursor.position += forward ? 1 : -1
            if cursor.seek(forward: forward, accept: accept) { heap.push(cursor) }
        }
        return selected
    }

    // MARK: Metric queries

    /// `count_over_time` at each evaluation time `t`, over the left-open, right-closed window
    /// (t - range, t], summed into the metric's output series. Series without a sample are
    /// absent; the result is sorted like Prometheus sorts a matrix.
    func countOverTime(_ metric: LogQLMetric, at times: [Int64]) -> [(labels: LabelSet, samples: [(Int64, Int)])] {
        guard let first = times.first, let last = times.last else { return [] }
        var seriesIndex: [LabelSet: Int] = [:]
        var seriesLabels: [LabelSet] = []
        var timestamps: [[Int64]] = []
        for stream in matchingStreams(metric.selector.matchers) {
            let low = stream.firstIndex(atOrAfter: first - metric.range + 1)
            let high = stream.firstIndex(atOrAfter: last + 1)
            var lastMetadata: LabelSet?
            var lastSeries = 0
            for position in low..<high {
                let entry = stream.entries[position]
                guard metric.selector.lineFilters.isEmpty || metric.selector.matchesLine(entry.line) else { continue }
                if lastMetadata != entry.metadata {
                    let labels = metric.seriesLabels(stream.labels.merging(entry.metadata))
                    if let known = seriesIndex[labels] {
                        lastSeries = known
                    } else {
                        lastSeries = seriesLabels.count
                        seriesIndex[labels] = lastSeries
                        seriesLabels.append(labels)
                        timestamps.append([])
                    }
                    lastMetadata = entry.metadata
                }
                timestamps[lastSeries].append(entry.timestamp)
            }
        }
        var result: [(labels: LabelSet, samples: [(Int64, Int)])] = []
        for (index, labels) in seriesLabels.enumerated() {
            let sorted = timestamps[index].sorted()
            var samples: [(Int64, Int)] = []
            for time in times {
                let count = Self.countAtOrBefore(sorted, time) - Self.countAtOrBefore(sorted, time - metric.range)
                if count > 0 { samples.append((time, count)) }
            }
            if !samples.isEmpty { result.append((labels, samples)) }
        }
        return result.sorted { LabelSet.compare($0.labels, $1.labels) }
    }

    private static func countAtOrBefore(_ sorted: [Int64], _ time: Int64) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A position in one stream's window during a log query.
private struct Cursor {
    let stream: StoredStream
    let rank: Int
    var position: Int
    let low: Int
    let high: Int

    var entry: StoredEntry { stream.entries[position] }

    /// Moves to the next accepted entry at or after `position` in the direction; false at the end.
    mutating func seek(forward: Bool, accept: (StoredStream, StoredEntry) -> Bool) -> Bool {
        while position >= low && position < high {
            if accept(stream, stream.entries[position]) { return true }
            position += forward ? 1 : -1
        }
        return false
    }
}

/// A binary heap of cursors ordered by (timestamp, stream rank, ingest order), ascending
/// forward and descending backward.
private struct CursorHeap {
    let forward: Bool
    private var items: [Cursor] = []

    init(forward: Bool) { self.forward = forward }

    private func before(_ a: Cursor, _ b: Cursor) -> Bool {
        let left = a.entry
        let right = b.entry
        if left.timestamp != right.timestamp { return forward == (left.timestamp < right.timestamp) }
        if a.rank != b.rank { return forward == (a.rank < b.rank) }
        return forward == (left.sequence < right.sequence)
    }

    mutating func push(_ cursor: Cursor) {
        items.append(cursor)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Cursor? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < items.count && before(items[left], items[best]) { best = left }
            if right < items.count && before(items[right], items[best]) { best = right }
            if best == parent { break }
            items.swapAt(parent, best)
            parent = best
        }
        return top
    }
}
