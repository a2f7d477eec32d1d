/// Pulls every entry of a selector over a time window, provably: chunks under the server's
/// maximum range, forward pages at the server's entry cap, and a `count_over_time` check of
/// each chunk.
///
/// Loki answers the `limit` oldest entries of [start, end) with nothing to say it truncated,
/// and entries can share one nanosecond. Each next page therefore starts *at* the newest
/// timestamp of the page before (start is inclusive), and the entries already seen at that
/// instant are skipped, so nothing is lost and nothing repeated. If a whole page shares one
/// instant, that instant alone is read with the largest page the server allows (from both
/// ends if it is still full) and the pull moves 1 ns on. The cap and the maximum range are
/// learnt from the server's 400 answers when set too high.
public final class LokiPuller {
    private let client: LokiClient
    /// Entries per page; lowered to the server's `max_entries_limit_per_query` when needed.
    public private(set) var limit: Int
    /// Chunk length in nanoseconds (whole seconds); lowered under the server's maximum range.
    public private(set) var chunkLength: Int64
    /// Page size for reading one crowded instant: the server's cap once known, else Loki's
    /// default cap (or the page size, if larger).
    private var instantLimit: Int

    public init(client: LokiClient, limit: Int = 5000, chunkLength: Int64 = 3_600_000_000_000) {
        self.client = client
        self.limit = max(1, limit)
        instantLimit = max(limit, 5000)
        self.chunkLength = max(1_000_000_000, chunkLength / 1_000_000_000 * 1_000_000_000)
    }

    /// Pulls [start, end) (rounded out to whole seconds); `deliver` gets each page's new
    /// entries, `finished` each chunk's reconciliation, in time order.
    public func pull(
        selector: String, start: Int64, end: Int64,
        deliver: ([LokiStream]) throws -> Void, finished: (LokiWindow) throws -> Void
    ) throws {
        let second: Int64 = 1_000_000_000
        var chunkStart = Self.floor(start, to: second)
        let windowEnd = Self.floor(end + second - 1, to: second)
        while chunkStart < windowEnd {
            // Chunks sit on a fixed grid (multiples of the chunk length since the epoch), so
            // windows of different syncs line up and Loki's results cache can serve them.
            let chunkEnd = min(windowEnd, Self.floor(chunkStart, to: chunkLength) + chunkLength)
            do {
                var window = LokiWindow(selector: selector, start: chunkStart, end: chunkEnd)
                try pullChunk(&window, deliver: deliver)
                window.counted = try client.count(selector, start: chunkStart, end: chunkEnd)
                try finished(window)
                chunkStart = chunkEnd
            } catch {
                guard let failure = error as? LokiError, let shorter = shorterChunk(after: failure),
                    shorter < chunkEnd - chunkStart
                else { throw error }
                chunkLength = shorter  // learnt the server's maximum range: retry this chunk shorter
            }
        }
    }

    private func pullChunk(_ window: inout LokiWindow, deliver: ([LokiStream]) throws -> Void) throws {
        var start = window.start
        var boundary = Int64.min
        var seenAtBoundary = Set<String>()
        func take(_ streams: [LokiStream]) throws {
            let fresh = Self.unseen(streams, boundary: boundary, seen: &seenAtBoundary)
            window.pulled += fresh.count
            if !fresh.streams.isEmpty { try deliver(fresh.streams) }
        }
        while true {
            let streams = try page(window.selector, start: start, end: window.end, limit: limit, forward: true)
            window.pages += 1
            let total = streams.reduce(0) { $0 + $1.entries.count }
            guard total > 0 else { return }
            var newest = Int64.min, oldest = Int64.max
            for stream in streams {
                for entry in stream.entries {
                    newest = max(newest, entry.timestamp)
                    oldest = min(oldest, entry.timestamp)
                }
            }
            try take(streams)
            if total < limit { return }  // the whole rest of the window fitted: complete
            // Remember every entry at the newest instant: the next page starts there again.
            if newest != boundary {
                boundary = newest
                seenAtBoundary = Set(
                    streams.flatMap { stream in
                        stream.entries.filter { $0.timestamp == newest }.map { Self.identity(stream.key, $0.line) }
                    })
            }
            if oldest == newest {
                // A full page at one instant: read that instant alone with the largest page the
                // server allows, from both ends if it is still full, then move 1 ns on.
                let group = try page(
                    window.selector, start: newest, end: newest + 1, limit: instantLimit, forward: true)
                window.pages += 1
                try take(group)
                if group.reduce(0, { $0 + $1.entries.count }) >= instantLimit {
                    let tail = try page(
                        window.selector, start: newest, end: newest + 1, limit: instantLimit, forward: false)
                    window.pages += 1
                    try take(tail)
                }
                start = newest + 1
                boundary = Int64.min
                seenAtBoundary.removeAll()
                continue
            }
            start = newest
        }
    }

    /// One page; a limit above the server's cap is lowered to the cap the 400 answer names.
    private func page(_ selector: String, start: Int64, end: Int64, limit requested: Int, forward: Bool) throws
        -> [LokiStream]
    {
        var requested = requested
        while true {
            do {
                return try client.queryRange(selector, start: start, end: end, limit: requested, forward: forward)
            } catch {
                guard case .http(_, _, 400, let body, _) = error, let cap = Self.serverCap(in: body), cap < requested
                else { throw error }
                instantLimit = cap
                limit = min(limit, cap)
                requested = cap
            }
        }
    }

    /// The entries not yet seen at `boundary`; remembers the ones it lets through.
    private static func unseen(
        _ streams: [LokiStream], boundary: Int64, seen: inout Set<String>
    ) -> (streams: [LokiStream], count: Int) {
        var result: [LokiStream] = []
        var count = 0
        for stream in streams {
            var entries: [(timestamp: Int64, line: String)] = []
            entries.reserveCapacity(stream.entries.count)
            for entry in stream.entries {
                if entry.timestamp == boundary, !seen.insert(identity(stream.key, entry.line)).inserted { continue }
                entries.append(entry)
            }
            count += entries.count
            if !entries.isEmpty { result.append(LokiStream(labels: stream.labels, key: stream.key, entries: entries)) }
        }
        return (result, count)
    }

    private static func identity(_ streamKey: String, _ line: String) -> String { streamKey + "\u{0}" + line }

    /// `... (5001 > 5000)` in Loki's "max entries limit per query exceeded" answer.
    static func serverCap(in body: String) -> Int? {
        guard body.contains("max_entries_limit_per_query"), let open = body.lastIndex(of: "("),
            let close = body.lastIndex(of: ")"), open < close
        else { return nil }
        let parts = body[body.index(after: open)..<close].split(separator: ">")
        guard parts.count == 2 else { return nil }
        return Int(parts[1].trimmingCharacters(in: .whitespaces))
    }

    /// A chunk length under the limit named by "the query time range exceeds the limit
    /// (query length: 768h0m0s, limit: 721h0m0s)".
    func shorterChunk(after error: LokiError) -> Int64? {
        guard case .http(_, _, 400, let body, _) = error, body.contains("query time range exceeds the limit"),
            let range = body.range(of: "limit: "), let close = body[range.upperBound...].firstIndex(of: ")"),
            let maximum = GoDuration.nanoseconds(String(body[range.upperBound..<close]))
        else { return nil }
        let second: Int64 = 1_000_000_000
        return max(second, Self.floor(maximum - 1, to: second))
    }

    static func floor(_ value: Int64, to step: Int64) -> Int64 {
        let remainder = value % step
        return remainder >= 0 ? value - remainder : value - remainder - step
    }
}
