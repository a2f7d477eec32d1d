import AegisAudit

/// Writes timeline rows (``TimelineQuery/Layout/full``) as HTML table rows as they arrive:
/// nothing is held but the column positions. Rows some finding points at are flagged and link
/// to the finding.
final class HTMLTimelineSink: RowSink {
    private let output: OutputStream
    private let zone: DisplayZone
    private let tableClass: String
    private var position: [String: Int] = [:]
    private(set) var rowCount = 0

    /// How much of a summary a cell shows.
    static let summaryLimit = 2000

    init(output: OutputStream, zone: DisplayZone, tableClass: String = "timeline") {
        self.output = output
        self.zone = zone
        self.tableClass = tableClass
    }

    func begin(columns: [ResultColumn]) throws {
        for (index, column) in columns.enumerated() { position[column.name] = index }
        output.write(
            "<table class=\"\(tableClass)\">" + Self.columnWidths
                + "<thead><tr><th>Time</th><th>Source · kind</th><th>Who</th><th>IP</th>"
                + "<th>Result</th><th>What happened</th><th>Findings</th></tr></thead>\n<tbody>\n")
    }

    func write(row: [CacheValue]) throws {
        rowCount += 1
        output.write(Self.html(row: row, position: position, zone: zone))
    }

    func finish() throws {
        output.write("</tbody></table>\n")
    }

    /// Fixed column widths, so that every table of the report lines up.
    static let columnWidths =
        "<colgroup><col style=\"width:13.5em\"><col style=\"width:11.5em\"><col style=\"width:13em\">"
        + "<col style=\"width:10.5em\"><col style=\"width:8em\"><col><col style=\"width:6.5em\"></colgroup>"

    /// One `<tr>`.
    static func html(row: [CacheValue], position: [String: Int], zone: DisplayZone) -> String {
        func value(_ name: String) -> String? { position[name].flatMap { row[$0].string } }
        let findings = findingIDs(value("finding_ids"))
        let source = value("source") ?? ""
        var html = findings.isEmpty ? "<tr>" : "<tr class=\"flagged\">"
        html += "<td class=\"time\">" + timeCell(value("time"), zone: zone) + "</td>"
        html += "<td><span class=\"src\" style=\"background:\(HTMLReportStyle.sourceColor(source))\">"
        // A finding's kind is "finding": name its hunt.
        let kind = source == "hunts" ? "finding · " + (value("action") ?? "") : value("kind") ?? ""
        html += HTMLText.escape(source) + "</span><span class=\"rowref\">" + HTMLText.escape(kind)
        html += "</span></td>"
        html += "<td class=\"who\">" + whoCell(email: value("actor_email"), actor: value("actor")) + "</td>"
        html += "<td class=\"ip\">" + HTMLText.escape(value("ip") ?? "") + "</td>"
        html += "<td>" + HTMLText.escape(value("result") ?? "") + "</td>"
        html += "<td class=\"summary\">" + HTMLText.escape(value("summary") ?? "", limit: summaryLimit)
        html += "<span class=\"rowref\">" + HTMLText.escape(value("row_table") ?? "") + " · "
        html += HTMLText.escape(value("row_id") ?? "") + "</span></td>"
        html += "<td class=\"flag\">"
        html += findings.map { "<a href=\"#finding-\($0)\">#\($0)</a>" }.joined(separator: " ")
        return html + "</td></tr>\n"
    }

    /// The date above, the time of day, the fraction and zone muted.
    static func timeCell(_ text: String?, zone: DisplayZone) -> String {
        guard let text else { return "" }
        let shown = zone == .utc ? text : ZonedTimestamp.render(text, in: zone) ?? text
        let characters = Array(shown)
        guard characters.count > 19 else { return HTMLText.escape(shown) }
        return "<span class=\"date\">" + HTMLText.escape(String(characters[0..<10])) + "</span>"
            + HTMLText.escape(String(characters[11..<19])) + "<span class=\"frac\">"
            + HTMLText.escape(String(characters[19...])) + "</span>"
    }

    /// The e-mail address (the actor id in its tooltip), else the actor.
    static func whoCell(email: String?, actor: String?) -> String {
        switch (email, actor) {
        case (let email?, let actor?) where email != actor:
            return "<span title=\"\(HTMLText.attribute(actor))\">" + HTMLText.escape(email) + "</span>"
        case (let email?, _): return HTMLText.escape(email)
        case (nil, let actor?): return HTMLText.escape(actor)
        case (nil, nil): return ""
        }
    }

    /// The ids of a `finding_ids` JSON array (`[3,12]`).
    static func findingIDs(_ text: String?) -> [Int64] {
        guard let text else { return [] }
        return text.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
    }
}
