/// Label names, label values, series and index stats: answered from the streams that hold an
/// entry in [start, end] (Loki answers from its index, at chunk granularity). Sent with
/// `Content-Length` and a trailing newline like Loki's.
extension FakeLokiServer {
    func labelNames(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> FakeLokiHTTPResponse {
        let streams = try indexedStreams(
            request, selector: request.parameter("query").flatMap { $0.isEmpty ? nil : $0 })
        let names = Set(streams.flatMap { $0.labels.pairs.map(\.name) }).sorted()
        return stringList(names)
    }

    func labelValues(_ request: FakeLokiHTTPRequest, name: String) throws(FakeLokiError) -> FakeLokiHTTPResponse {
        let streams = try indexedStreams(
            request, selector: request.parameter("query").flatMap { $0.isEmpty ? nil : $0 })
        let values = Set(streams.compactMap { $0.labels[name] }).sorted()
        return stringList(values)
    }

    func series(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> FakeLokiHTTPResponse {
        let groups = request.parameters("match[]")
        var found: [String: LabelSet] = [:]
        if groups.isEmpty {
            for stream in try indexedStreams(request, selector: nil) { found[stream.text] = stream.labels }
        }
        for group in groups {
            for stream in try indexedStreams(request, selector: group) { found[stream.text] = stream.labels }
        }
        var json = GoJSONWriter()
        json.raw(#"{"status":"success","data":["#)
        for (index, key) in found.keys.sorted().enumerated() {
            if index > 0 { json.raw(",") }
            json.stringObject(found[key]!.pairs)
        }
        json.raw("]}\n")
        return .json(json.bytes, chunked: false)
    }

    func indexStats(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> FakeLokiHTTPResponse {
        let (start, end) = try FakeLokiQueryParameters.bounds(request)
        let selector = try selectorMatchers(request.parameter("query") ?? "")
        let (streams, entries, bytes) = lock.withLock { () -> (Int, Int, Int) in
            var streams = 0
            var entries = 0
            var bytes = 0
            for stream in store.matchingStreams(selector) {
                let low = stream.firstIndex(atOrAfter: start)
                let high = stream.firstIndex(atOrAfter: end &+ 1)
                guard low < high else { continue }
                streams += 1
                entries += high - low
                for position in low..<high { bytes += stream.entries[position].line.utf8.count }
            }
            return (streams, entries, bytes)
        }
        // Loki estimates from chunk metadata; the fake counts exactly and calls each stream a chunk.
        let body = #"{"streams":\#(streams),"chunks":\#(streams),"bytes":\#(bytes),"entries":\#(entries)}\#n"#
        return .json(Array(body.utf8), chunked: false)
    }

    /// The streams matching `selector` (all if nil) that hold an entry in [start, end].
    private func indexedStreams(_ request: FakeLokiHTTPRequest, selector: String?) throws(FakeLokiError)
        -> [StoredStream]
    {
        let (start, end) = try FakeLokiQueryParameters.bounds(request)
        let matchers = try selector.map { (text) throws(FakeLokiError) in try selectorMatchers(text) }
        return lock.withLock {
            let candidates =
                matchers.map { store.matchingStreams($0) }
                ?? store.streams.map { stream in
                    stream.sortIfNeeded()
                    return stream
                }
            return candidates.filter { $0.hasEntries(from: start, through: end) }
        }
    }

    /// The matchers of a plain selector (`match[]`, `query` of label and stats requests).
    private func selectorMatchers(_ text: String) throws(FakeLokiError) -> [LogQLMatcher] {
        guard case .logs(let selector) = try LogQLParser.parse(text), selector.lineFilters.isEmpty else {
            throw .badRequest("parse error : only label matchers are supported")
        }
        return selector.matchers
    }

    private func stringList(_ items: [String]) -> FakeLokiHTTPResponse {
        var json = GoJSONWriter()
        json.raw(#"{"status":"success","data":["#)
        for (index, item) in items.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(item)
        }
        json.raw("]}\n")
        return .json(json.bytes, chunked: false)
    }
}
