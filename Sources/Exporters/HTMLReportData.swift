import AegisAudit

/// What the HTML report shows above its timeline, computed with aggregate queries over the
/// filtered timeline (never by holding its rows): counts, the time span, sync runs, findings
/// and the chart's bins.
struct HTMLReportData {
    struct Finding {
        let id: Int64
        let huntID: String
        let title: String
        let severity: String
        let time: String?
        let summary: String
    }

    struct SyncRun {
        let id: Int64
        let startedAt: String
        let finishedAt: String?
        let sources: [String]
    }

    var rowCount = 0
    var first: String?
    var last: String?
    /// Events per source, most first.
    var bySource: [(source: String, count: Int)] = []
    /// The most frequent kinds of event.
    var topKinds: [(source: String, kind: String, count: Int)] = []
    var syncRuns: [SyncRun] = []
    /// Findings in or about the timeline's rows, most severe first.
    var findings: [Finding] = []
    var chart = HTMLActivityChart.Data()

    /// How many kinds the summary lists.
    static let kindLimit = 12
    /// How many bars the chart has at most.
    static let maximumBins = 96

    static func load(query: TimelineQuery, from cache: Cache) throws -> HTMLReportData {
        var data = HTMLReportData()
        let (relation, parameters) = query.filtered()
        let values = parameters.values
        for row in try rows("SELECT count(*), min(time), max(time) FROM (\(relation))", values, cache) {
            data.rowCount = Int(row[0].integer ?? 0)
            data.first = row[1].string
            data.last = row[2].string
        }
        data.bySource = try rows(
            "SELECT source, count(*) FROM (\(relation)) GROUP BY source ORDER BY 2 DESC, 1", values, cache
        ).map { ($0[0].string ?? "", Int($0[1].integer ?? 0)) }
        data.topKinds = try rows(
            "SELECT source, kind, count(*) FROM (\(relation)) GROUP BY source, kind ORDER BY 3 DESC, 1, 2 "
                + "LIMIT \(kindLimit)", values, cache
        ).map { ($0[0].string ?? "", $0[1].string ?? "", Int($0[2].integer ?? 0)) }
        data.syncRuns = try rows(
            """
            SELECT r.id, r.started_at, r.finished_at,
                   (SELECT group_concat(s.source || ' ' || s.endpoint, char(10)) FROM sync_run_sources s
                    WHERE s.sync_id = r.id)
            FROM sync_runs r ORDER BY r.id
            """, [], cache
        ).map { row in
            SyncRun(
                id: row[0].integer ?? 0, startedAt: row[1].string ?? "", finishedAt: row[2].string,
                sources: (row[3].string ?? "").split(separator: "\n").map(String.init))
        }
        data.findings = try rows(
            """
            WITH t AS (\(relation))
            SELECT f.id, f.hunt_id, coalesce(r.title, f.hunt_id), f.severity, f.time, f.summary
            FROM hunt_findings_current f
            LEFT JOIN hunt_results r ON r.run_id = f.run_id AND r.hunt_id = f.hunt_id
            WHERE f.id IN (SELECT row_id FROM t WHERE row_table = 'hunt_findings'
                           UNION SELECT j.value FROM t, json_each(t.finding_ids) j WHERE t.finding_ids IS NOT NULL)
            ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3
                     ELSE 4 END, f.time, f.id
            """, values, cache
        ).map { row in
            Finding(
                id: row[0].integer ?? 0, huntID: row[1].string ?? "", title: row[2].string ?? "",
                severity: row[3].string ?? "info", time: row[4].string, summary: row[5].string ?? "")
        }
        data.chart = try chart(
            relation: relation, parameters: parameters, window: query.filter.window, data: data, cache)
        return data
    }

    /// Bars per bin and source (findings apart), over the filter's window or else the data's span.
    private static func chart(
        relation: String, parameters: TimelineParameters, window: TimelineWindow, data: HTMLReportData, _ cache: Cache
    ) throws -> HTMLActivityChart.Data {
        var chart = HTMLActivityChart.Data()
        guard let start = window.since ?? data.first, let end = window.until ?? data.last,
            let startMicros = CacheTime.microseconds(parsing: start),
            let endMicros = CacheTime.microseconds(parsing: end)
        else { return chart }
        let width = HTMLActivityChart.binWidth(spanSeconds: Double(endMicros - startMicros) / 1e6, bins: maximumBins)
        chart.binSeconds = width
        let binMicros = width * 1_000_000
        chart.startMicros = (startMicros >= 0 ? startMicros : startMicros - binMicros + 1) / binMicros * binMicros
        chart.endMicros = max(endMicros, chart.startMicros + binMicros)
        var bound = parameters
        let widthMark = bound.bind(.integer(width))
        for row in try rows(
            "SELECT time_bin(time, \(widthMark)), source, count(*) FROM (\(relation)) WHERE source != 'hunts' "
                + "GROUP BY 1, 2", bound.values, cache)
        {
            guard let bin = row[0].string, let micros = CacheTime.microseconds(parsing: bin) else { continue }
            chart.counts[micros, default: [:]][row[1].string ?? "", default: 0] += Int(row[2].integer ?? 0)
        }
        chart.markers = data.findings.compactMap { finding in
            guard let time = finding.time, let micros = CacheTime.microseconds(parsing: time) else { return nil }
            return HTMLActivityChart.Marker(
                micros: micros, severity: finding.severity, label: "\(finding.huntID): \(finding.summary)",
                anchor: "finding-\(finding.id)")
        }
        return chart
    }

    /// A small result, kept in memory.
    static func rows(_ sql: String, _ parameters: [CacheValue], _ cache: Cache) throws -> [[CacheValue]] {
        let collector = Collector()
        try CacheQuery.run(sql, parameters: parameters, on: cache, into: collector)
        return collector.rows
    }

    private final class Collector: RowSink {
        var rows: [[CacheValue]] = []
        func begin(columns: [ResultColumn]) throws {}
        func write(row: [CacheValue]) throws { rows.append(row) }
        func finish() throws {}
    }
}

extension CacheValue {
    /// The value as text (numbers in decimal), nil for NULL and blobs.
    var string: String? {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .null, .blob: return nil
        }
    }

    /// The value as an integer, nil unless it is one.
    var integer: Int64? {
        if case .integer(let number) = self { return number }
        return nil
    }
}
