/// `query_range` and `query`: the checks in Loki's order (parameters, LogQL, limits), then the
/// evaluation against the store.
extension FakeLokiServer {
    func queryRange(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> FakeLokiHTTPResponse {
        let parameters = try FakeLokiQueryParameters.range(request)
        switch try LogQLParser.parse(parameters.query) {
        case .logs(let selector):
            guard parameters.limit <= maxEntriesPerQuery else {
                throw .badRequest(
                    "max entries limit per query exceeded, limit > max_entries_limit_per_query "
                        + "(\(parameters.limit) > \(maxEntriesPerQuery))")
            }
            try checkQueryLength(start: parameters.start, end: parameters.end)
            let categorize = request.header("x-loki-response-encoding-flags")?.contains("categorize-labels") == true
            return .json(logResult(selector, parameters, categorize: categorize))
        case .metric(let metric):
            try checkQueryLength(start: parameters.start, end: parameters.end)
            let times = Array(stride(from: parameters.start, through: parameters.end, by: Int(parameters.step)))
            let series = try evaluate(metric, at: times)
            return .json(FakeLokiResultJSON.matrix(series))
        }
    }

    func instantQuery(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> FakeLokiHTTPResponse {
        let parameters = try FakeLokiQueryParameters.instant(request)
        switch try LogQLParser.parse(parameters.query) {
        case .logs:
            throw .badRequest(
                "log queries are not supported as an instant query type, please change your query to a range query type"
            )
        case .metric(let metric):
            try checkQueryLength(start: parameters.end - metric.range, end: parameters.end)
            let series = try evaluate(metric, at: [parameters.end])
            return .json(FakeLokiResultJSON.vector(series, at: parameters.end))
        }
    }

    /// `max_query_length`, compared at millisecond precision like Loki's query frontend.
    private func checkQueryLength(start: Int64, end: Int64) throws(FakeLokiError) {
        let length = (end / 1_000_000 - start / 1_000_000) * 1_000_000
        guard maxQueryLength <= 0 || length <= maxQueryLength else {
            throw .badRequest(
                "the query time range exceeds the limit (query length: \(GoTime.durationString(length)), "
                    + "limit: \(GoTime.prometheusDurationString(maxQueryLength)))")
        }
    }

    private func evaluate(_ metric: LogQLMetric, at times: [Int64]) throws(FakeLokiError)
        -> [(labels: LabelSet, samples: [(Int64, Int)])]
    {
        let (series, limit) = lock.withLock { (store.countOverTime(metric, at: times), maxQuerySeries) }
        guard series.count <= limit else {
            throw .badRequest(
                "maximum number of series (\(limit)) reached for a single query; consider reducing query cardinality "
                    + "by adding more specific stream selectors, reducing the time range, or aggregating results with "
                    + "functions like sum(), count() or topk()")
        }
        return series
    }

    /// The entries of [start, end), `limit` oldest or newest, grouped into result streams.
    private func logResult(_ selector: LogQLSelector, _ parameters: FakeLokiQueryParameters, categorize: Bool)
        -> [UInt8]
    {
        let selected = lock.withLock { () -> [(stream: StoredStream, entry: StoredEntry)] in
            let streams = store.matchingStreams(selector.matchers)
            let hidden = hideFromQueryRange
            return store.select(
                from: streams, start: parameters.start, end: parameters.end, limit: parameters.limit,
                forward: parameters.forward
            ) { stream, entry in
                if !selector.lineFilters.isEmpty && !selector.matchesLine(entry.line) { return false }
                guard let hidden else { return true }
                let visible = Entry(
                    labels: stream.labelDictionary, timestamp: entry.timestamp, line: entry.line,
                    structuredMetadata: entry.metadata.dictionary)
                return !hidden(visible)
            }
        }
        // Default encoding: structured metadata joins the stream labels, so one stream may split.
        struct GroupKey: Hashable {
            let stream: ObjectIdentifier
            let metadata: LabelSet
        }
        var groupIndex: [GroupKey: Int] = [:]
        var groups: [FakeLokiResultJSON.StreamGroup] = []
        for (stream, entry) in selected {
            let key = GroupKey(stream: ObjectIdentifier(stream), metadata: categorize ? .empty : entry.metadata)
            let index: Int
            if let known = groupIndex[key] {
                index = known
            } else {
                index = groups.count
                groupIndex[key] = index
                let labels = categorize ? stream.labels : stream.labels.merging(entry.metadata)
                groups.append(FakeLokiResultJSON.StreamGroup(labels: labels, text: labels.text, entries: []))
            }
            groups[index].entries.append(entry)
        }
        groups.sort { $0.text < $1.text }
        return FakeLokiResultJSON.streams(groups, categorize: categorize, returned: selected.count)
    }
}
