import AegisAudit
import Foundation

/// The HTML report (docs/timeline.md): one self-contained file — inline style sheet and SVG,
/// no script, nothing fetched — with a summary (window, sources, sync runs, counts, findings
/// by severity), a chart of activity over time by source with findings marked, the findings
/// with their evidence rows, and the timeline itself.
///
/// Everything above the timeline comes from aggregate queries; the timeline's rows are written
/// as they stream from the cache, so memory does not grow with them. Every text from the cache
/// is escaped (``HTMLText``).
public struct HTMLReport {
    /// What the report covers, shown under the title: (`user`, `admin@example.com`), ...
    public var scope: [(label: String, value: String)]
    /// The zone times are shown in.
    public var zone: DisplayZone
    /// The cache it was made from (shown in the header).
    public var cachePath: String
    /// The manifest's file name, when one is written beside the report.
    public var manifestName: String?
    /// When the report was made, in the cache's form.
    public var createdAt: String
    /// How many rows the timeline section shows at most (nil: all); the summary, chart and
    /// findings always cover every selected row.
    public var timelineLimit: Int?

    /// The rows a report's timeline shows unless told otherwise: more make a page no browser
    /// opens comfortably (export the timeline as CSV or JSON Lines instead).
    public static let defaultTimelineLimit = 10_000

    /// How many evidence rows a finding lists.
    public static let evidenceLimit = 50

    public init(
        scope: [(label: String, value: String)], zone: DisplayZone = .utc, cachePath: String,
        manifestName: String? = nil, createdAt: String = CacheTime.now(), timelineLimit: Int? = defaultTimelineLimit
    ) {
        self.timelineLimit = timelineLimit
        self.scope = scope
        self.zone = zone
        self.cachePath = cachePath
        self.manifestName = manifestName
        self.createdAt = createdAt
    }

    /// Writes the report for `query` to `output`. The timeline's rows pass through `recording`
    /// (the export session's evidence recorder) on their way to the page. Returns their number.
    @discardableResult
    public func write(
        query: TimelineQuery, cache: Cache, to output: OutputStream, recording: (RowSink) -> RowSink = { $0 }
    ) throws -> Int {
        let data = try HTMLReportData.load(query: query, from: cache)
        output.write(head())
        output.write(summary(data))
        output.write(activity(data))
        try writeFindings(data, cache: cache, to: output)
        let cut = timelineLimit.map { data.rowCount > $0 } ?? false
        let heading =
            cut
            ? "the first \(HTMLText.number(timelineLimit!)) of \(HTMLText.number(data.rowCount)) events"
            : "\(HTMLText.number(data.rowCount)) events, oldest first"
        output.write("<section id=\"timeline\"><h2>Timeline<span class=\"count\">\(heading)</span></h2>\n")
        let rows = HTMLTimelineSink(output: output, zone: zone)
        var (sql, parameters) = query.rows(layout: .full)
        if let timelineLimit { sql += " LIMIT \(timelineLimit)" }
        let count = try CacheQuery.run(sql, parameters: parameters, on: cache, into: recording(rows))
        if count == 0 { output.write("<p class=\"none\">No events match.</p>\n") }
        if cut {
            output.write(
                "<p class=\"muted\">\(HTMLText.number(data.rowCount - count)) later events are not shown: narrow the window or the "
                    + "selection, raise <code>--max-rows</code>, or export the timeline as CSV or JSON Lines.</p>\n")
        }
        output.write("</section>\n")
        output.write(foot())
        return count
    }

    private func time(_ text: String?) -> String {
        guard let text else { return "—" }
        let shown = zone == .utc ? text : ZonedTimestamp.render(text, in: zone) ?? text
        return HTMLText.escape(shown.replacingOccurrences(of: "T", with: " "))
    }

    private func head() -> String {
        let scopeText =
            scope.isEmpty
            ? "Every event in the cache"
            : scope.map { "\(HTMLText.escape($0.label)) <code>\(HTMLText.escape($0.value))</code>" }
                .joined(separator: " · ")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="aegis-audit \(HTMLText.attribute(SyncEngine.toolVersion))">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>Aegis audit timeline report</title>
            <style>
            \(HTMLReportStyle.css)
            </style>
            </head>
            <body>
            <header class="masthead">
            <div class="eyebrow">aegis-audit · evidence report</div>
            <h1>Aegis audit timeline</h1>
            <p class="scope">\(scopeText)</p>
            <dl>
            <div><dt>Generated</dt><dd>\(time(createdAt))</dd></div>
            <div><dt>Times in</dt><dd>\(HTMLText.escape(zone.description))</dd></div>
            <div><dt>Cache</dt><dd>\(HTMLText.escape(cachePath))</dd></div>
            <div><dt>Tool</dt><dd>aegis-audit \(HTMLText.escape(SyncEngine.toolVersion))</dd></div>
            </dl>
            </header>
            <nav class="toc"><a href="#summary">Summary</a><a href="#activity">Activity</a>\
            <a href="#findings">Findings</a><a href="#timeline">Timeline</a></nav>
            <main>

            """
    }

    private func summary(_ data: HTMLReportData) -> String {
        var html = "<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">\n"
        html += card("Events", HTMLText.number(data.rowCount))
        html += card(
            "Time span", "\(time(data.first))<br><span class=\"muted\">to</span> \(time(data.last))", small: true)
        var pills = ""
        for severity in HTMLReportStyle.severities {
            let count = data.findings.filter { $0.severity == severity }.count
            if count > 0 { pills += "<span class=\"sev sev-\(severity)\">\(count) \(severity)</span>" }
        }
        html +=
            "<div class=\"card\"><div class=\"label\">Findings</div><div class=\"value\">\(data.findings.count)</div>"
        html += (pills.isEmpty ? "" : "<div class=\"pills\">\(pills)</div>") + "</div>\n"
        html += card("Sources", "\(data.bySource.count)")
        html += "</div>\n<div class=\"grid2\"><div><h3>Events by source</h3>"
        let most = max(data.bySource.map(\.count).max() ?? 1, 1)
        html +=
            "<table><thead><tr><th>Source</th><th class=\"num\">Events</th><th style=\"width:40%\"></th></tr></thead><tbody>"
        for (source, count) in data.bySource {
            let colour = HTMLReportStyle.sourceColor(source)
            let width = String(format: "%.1f", 100 * Double(count) / Double(most))
            html += "<tr><td><span class=\"dot\" style=\"background:\(colour)\"></span>\(HTMLText.escape(source))</td>"
            html +=
                "<td class=\"num\">\(HTMLText.number(count))</td><td><div class=\"bar\" style=\"width:\(width)%;background:\(colour)\"></div></td></tr>"
        }
        if data.bySource.isEmpty { html += "<tr><td colspan=\"3\" class=\"none\">No events.</td></tr>" }
        html += "</tbody></table></div>\n<div><h3>Most frequent kinds</h3>"
        html += "<table><thead><tr><th>Kind</th><th>Source</th><th class=\"num\">Events</th></tr></thead><tbody>"
        for (source, kind, count) in data.topKinds {
            html += "<tr><td>\(HTMLText.escape(kind))</td><td class=\"muted\">\(HTMLText.escape(source))</td>"
            html += "<td class=\"num\">\(HTMLText.number(count))</td></tr>"
        }
        if data.topKinds.isEmpty { html += "<tr><td colspan=\"3\" class=\"none\">No events.</td></tr>" }
        html += "</tbody></table></div></div>\n<h3>Sync runs the cache holds</h3>"
        if data.syncRuns.isEmpty {
            html += "<p class=\"none\">No sync run is recorded in this cache.</p>"
        } else {
            html +=
                "<table><thead><tr><th>Run</th><th>Started</th><th>Finished</th><th>Sources read</th></tr></thead><tbody>"
            for run in data.syncRuns {
                html += "<tr><td class=\"num\">#\(run.id)</td><td class=\"mono\">\(time(run.startedAt))</td>"
                html +=
                    "<td class=\"mono\">\(run.finishedAt.map { time($0) } ?? "<span class=\"muted\">did not finish</span>")</td><td>"
                html += run.sources.map { HTMLText.escape($0) }.joined(separator: "<br>") + "</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html + "\n</section>\n"
    }

    private func card(_ label: String, _ value: String, small: Bool = false) -> String {
        "<div class=\"card\"><div class=\"label\">\(label)</div><div class=\"value\(small ? " small" : "")\">\(value)</div></div>\n"
    }

    private func activity(_ data: HTMLReportData) -> String {
        var html = "<section id=\"activity\"><h2>Activity over time<span class=\"count\">events per "
        html += HTMLActivityChart.duration(data.chart.binSeconds) + "</span></h2>\n"
        html += HTMLActivityChart.svg(data.chart, zone: zone) + "\n<div class=\"legend\">"
        let present = Set(data.bySource.map(\.source)).subtracting(["hunts"])
        let known = HTMLReportStyle.sourceOrder.filter(present.contains)
        for source in known + present.subtracting(known).sorted() {
            html += "<span><span class=\"dot\" style=\"background:\(HTMLReportStyle.sourceColor(source))\"></span>"
            html += HTMLText.escape(source) + "</span>"
        }
        for severity in HTMLReportStyle.severities where data.findings.contains(where: { $0.severity == severity }) {
            html += "<span><span class=\"tri\" style=\"border-top-color:\(HTMLReportStyle.severityColor(severity))\">"
            html += "</span>\(severity) finding</span>"
        }
        return html + "</div>\n</section>\n"
    }

    private func writeFindings(_ data: HTMLReportData, cache: Cache, to output: OutputStream) throws {
        output.write(
            "<section id=\"findings\"><h2>Findings by severity<span class=\"count\">\(data.findings.count)</span></h2>\n"
        )
        if data.findings.isEmpty {
            output.write(
                "<p class=\"none\">No hunt finding concerns these events (run <code>aegis-audit hunt --all</code> "
                    + "to look for some).</p>\n")
        }
        for severity in HTMLReportStyle.severities {
            let group = data.findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            output.write(
                "<h3><span class=\"sev sev-\(severity)\">\(severity)</span> \(group.count) finding\(group.count == 1 ? "" : "s")</h3>\n"
            )
            for finding in group {
                output.write(
                    """
                    <article class="finding sev-border-\(HTMLText.attribute(finding.severity))" id="finding-\(finding.id)">
                    <header><span class="sev sev-\(HTMLText.attribute(finding.severity))">\(HTMLText.escape(finding.severity))</span>\
                    <h4>\(HTMLText.escape(finding.title))</h4><span class="hunt">\(HTMLText.escape(finding.huntID)) · #\(finding.id)</span>\
                    <span class="when">\(time(finding.time))</span></header>
                    <p>\(HTMLText.escape(finding.summary, limit: HTMLTimelineSink.summaryLimit))</p>

                    """)
                try writeEvidence(of: finding.id, cache: cache, to: output)
                output.write("</article>\n")
            }
        }
        output.write("</section>\n")
    }

    /// The finding's evidence rows as they stand in the timeline, looked up by their keys.
    private func writeEvidence(of findingID: Int64, cache: Cache, to output: OutputStream) throws {
        let references = try HTMLReportData.rows(
            "SELECT table_name, row_id FROM hunt_evidence WHERE finding_id = ?1 ORDER BY table_name, row_id LIMIT ?2",
            [.integer(findingID), .integer(Int64(Self.evidenceLimit + 1))], cache)
        guard !references.isEmpty else {
            output.write("<p class=\"none\">No evidence rows recorded.</p>\n")
            return
        }
        var found: [[CacheValue]] = []
        for reference in references.prefix(Self.evidenceLimit) {
            let table = reference[0].string ?? ""
            // The audit tables' key is (source, id): naming the sources lets the lookup use it.
            let keyed = ["audit_events", "policy_audit_logs", "action_audit_logs"].contains(table)
            let sql =
                "SELECT \(TimelineQuery.fullSelectList) FROM timeline WHERE row_table = ?1 AND row_id = ?2"
                + (keyed ? " AND origin IN ('backend', 'executor')" : "")
            found += try HTMLReportData.rows(sql, [.text(table), reference[1]], cache)
        }
        // At most evidenceLimit rows, shown in time order.
        let started = !found.isEmpty
        if started {
            let rows = HTMLTimelineSink(output: output, zone: zone, tableClass: "evidence")
            try rows.begin(columns: TimelineQuery.fullColumns.map { ResultColumn(name: $0, declaredType: nil) })
            for row in found.sorted(by: { ($0[0].string ?? "") < ($1[0].string ?? "") }) { try rows.write(row: row) }
            try rows.finish()
        }
        if references.count > Self.evidenceLimit {
            output.write("<p class=\"muted\">Only the first \(Self.evidenceLimit) evidence rows are shown.</p>\n")
        } else if !started {
            output.write("<p class=\"none\">The evidence rows are no longer in the cache.</p>\n")
        }
    }

    private func foot() -> String {
        var text =
            "Written by aegis-audit \(HTMLText.escape(SyncEngine.toolVersion)), read-only, from \(HTMLText.escape(cachePath))."
        if let manifestName {
            text +=
                " <code>\(HTMLText.escape(manifestName))</code> beside this file records its SHA-256 and that of the "
            text += "timeline rows; <code>aegis-audit verify-export</code> checks both."
        }
        return "</main>\n<footer>\(text)</footer>\n</body>\n</html>\n"
    }
}
