/// The JSON bodies of query answers, shaped like Loki's (`status`, `data.resultType`,
/// `data.result`, `data.stats`); `stats` is a stub holding only the summary.
enum FakeLokiResultJSON {
    /// One result stream: its labels and entries in answer order.
    struct StreamGroup {
        let labels: LabelSet
        let text: String
        var entries: [StoredEntry]
    }

    static func streams(_ groups: [StreamGroup], categorize: Bool, returned: Int) -> [UInt8] {
        let estimate = groups.reduce(0) { total, group in
            total + group.entries.reduce(0) { $0 + $1.line.utf8.count + 48 } + 256
        }
        var json = GoJSONWriter(capacity: estimate + 1024)
        json.raw(#"{"status":"success","data":{"resultType":"streams","#)
        if categorize { json.raw(#""encodingFlags":["categorize-labels"],"#) }
        json.raw(#""result":["#)
        var bytes = 0
        for (groupIndex, group) in groups.enumerated() {
            if groupIndex > 0 { json.raw(",") }
            json.raw(#"{"stream":"#)
            json.stringObject(group.labels.pairs)
            json.raw(#","values":["#)
            for (entryIndex, entry) in group.entries.enumerated() {
                if entryIndex > 0 { json.raw(",") }
                json.raw("[\"")
                json.raw(String(entry.timestamp))
                json.raw("\",")
                json.raw(entry.lineJSON)
                if categorize && !entry.metadata.pairs.isEmpty {
                    json.raw(#",{"structuredMetadata":"#)
                    json.stringObject(entry.metadata.pairs)
                    json.raw("}")
                }
                json.raw("]")
                bytes += entry.line.utf8.count
            }
            json.raw("]}")
        }
        json.raw("],")
        stats(&json, lines: returned, bytes: bytes, returned: returned)
        // Log answers end with a newline (Go's json.Encoder), metric answers do not.
        json.raw("}}\n")
        return json.bytes
    }

    static func matrix(_ series: [(labels: LabelSet, samples: [(Int64, Int)])]) -> [UInt8] {
        var json = GoJSONWriter()
        json.raw(#"{"status":"success","data":{"resultType":"matrix","result":["#)
        for (index, item) in series.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw(#"{"metric":"#)
            json.stringObject(item.labels.pairs)
            json.raw(#","values":["#)
            for (sampleIndex, (time, value)) in item.samples.enumerated() {
                if sampleIndex > 0 { json.raw(",") }
                sample(&json, time: time, value: value)
            }
            json.raw("]}")
        }
        json.raw("],")
        let total = series.reduce(0) { $0 + $1.samples.reduce(0) { $0 + $1.1 } }
        stats(&json, lines: total, bytes: 0, returned: series.count)
        json.raw("}}")
        return json.bytes
    }

    static func vector(_ series: [(labels: LabelSet, samples: [(Int64, Int)])], at time: Int64) -> [UInt8] {
        var json = GoJSONWriter()
        json.raw(#"{"status":"success","data":{"resultType":"vector","result":["#)
        for (index, item) in series.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw(#"{"metric":"#)
            json.stringObject(item.labels.pairs)
            json.raw(#","value":"#)
            sample(&json, time: time, value: item.samples.first?.1 ?? 0)
            json.raw("}")
        }
        json.raw("],")
        let total = series.reduce(0) { $0 + ($1.samples.first?.1 ?? 0) }
        stats(&json, lines: total, bytes: 0, returned: series.count)
        json.raw("}}")
        return json.bytes
    }

    /// `[1795601100,"6"]`: unix seconds as a number, the value as a string.
    private static func sample(_ json: inout GoJSONWriter, time: Int64, value: Int) {
        json.raw("[")
        json.raw(GoTime.sampleTime(time))
        json.raw(",\"")
        json.raw(String(value))
        json.raw("\"]")
    }

    /// The `stats` member: Loki's summary keys, the rest of its ~3.5 KB object left out.
    private static func stats(_ json: inout GoJSONWriter, lines: Int, bytes: Int, returned: Int) {
        json.raw(#""stats":{"summary":{"bytesProcessedPerSecond":0,"linesProcessedPerSecond":0,"#)
        json.raw(#""totalBytesProcessed":\#(bytes),"totalLinesProcessed":\#(lines),"execTime":0,"queueTime":0,"#)
        json.raw(#""subqueries":0,"totalEntriesReturned":\#(returned),"splits":0,"shards":1,"#)
        json.raw(#""totalPostFilterLines":\#(lines),"totalStructuredMetadataBytesProcessed":0}}"#)
    }
}
