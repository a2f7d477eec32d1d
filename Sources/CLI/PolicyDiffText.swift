import AegisAudit
import AegisSources
import Exporters

/// `policies diff` as text for a person: a heading per comparison, each policy added, removed
/// or changed with its fields `before → after` and what Loki recorded about it, one line per
/// request; the counts at the end. Reads the rows ``PolicyDiff`` streams.
final class PolicyDiffText: RowSink {
    private let output: OutputStream
    private var index: [String: Int] = [:]
    private var comparison: String?
    private var policy: String?
    private var pending: [String] = []
    /// Set before ``finish()``: the counts per comparison.
    var summaries: [PolicyDiff.Summary] = []

    init(output: OutputStream) { self.output = output }

    func begin(columns: [ResultColumn]) throws {
        for (offset, column) in columns.enumerated() { index[column.name] = offset }
    }

    func write(row: [CacheValue]) throws {
        func value(_ name: String) -> String? {
            // Text from a source may hold control characters: escaped, so it cannot drive the terminal.
            if case .text(let text) = row[index[name]!] { return ErrorReporter.oneLine(text) }
            return nil
        }
        let source = value("source") ?? ""
        let heading = "\(source): \(value("compared_from") ?? "") → \(value("compared_to") ?? "")"
        if heading != comparison {
            flushPolicy()
            if comparison != nil { output.write("\n") }
            output.write(heading + "\n")
            comparison = heading
        }
        let change = value("change") ?? ""
        let name = value("name") ?? ""
        let key = "\(change)\u{0}\(value("policy_id") ?? "")\u{0}\(name)"
        if key != policy {
            flushPolicy()
            policy = key
            var line = "\n  \(change.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)) \"\(name)\""
            if let id = value("policy_id") { line += "  \(id)" }
            if let updated = value("updated_at") { line += "  updated_at \(updated)" }
            output.write(line + "\n")
            pending = attributionLines(summary: value("attribution") ?? "", lines: value("loki_lines") ?? "[]")
        }
        if let field = value("field") {
            let before = shown(row[index["before"]!], field: field)
            let after = shown(row[index["after"]!], field: field)
            output.write("      \(field.padding(toLength: 12, withPad: " ", startingAt: 0))\(before) → \(after)\n")
        } else if let document = value("after") ?? value("before") {
            output.write("      \("policy".padding(toLength: 12, withPad: " ", startingAt: 0))\(document)\n")
        }
    }

    func finish() throws {
        flushPolicy()
        if comparison != nil { output.write("\n") }
        for summary in summaries {
            let counts =
                summary.differences == 0
                ? "no differences (\(summary.unchanged) policies compared)"
                : "\(summary.changed) changed, \(summary.added) added, \(summary.removed) removed, "
                    + "\(summary.unchanged) unchanged"
            output.write("\(summary.source): \(summary.before) → \(summary.after): \(counts)\n")
        }
    }

    /// A field's cell as written in a policy file: strings quoted, lists and mappings as JSON,
    /// `is_active` as true or false.
    private func shown(_ value: CacheValue, field: String) -> String {
        switch value {
        case .null: return "null"
        case .integer(let number) where field == PolicyField.isActive.rawValue: return number != 0 ? "true" : "false"
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .text(let text):
            let json = [PolicyField.actions, .resources, .conditions].map(\.rawValue).contains(field)
            return ErrorReporter.oneLine(json ? text : JSONText.string(text))
        case .blob: return "(bytes)"
        }
    }

    private func flushPolicy() {
        for (offset, line) in pending.enumerated() {
            output.write(
                "      \((offset == 0 ? "Loki" : "").padding(toLength: 12, withPad: " ", startingAt: 0))\(line)\n")
        }
        pending = []
    }

    /// One text line per Loki line of the JSON array, or the summary when there is none.
    private func attributionLines(summary: String, lines: String) -> [String] {
        guard let items = (try? JSONParser.parse(lines))?.arrayValue, !items.isEmpty else { return [summary] }
        var result = items.map { item in
            let text = PolicyChangeAttribution.lineText(
                method: item["method"]?.stringValue, path: item["path"]?.stringValue,
                status: item["status"]?.stringValue, ip: item["ip"]?.stringValue,
                userAgent: item["user_agent"]?.stringValue, userID: item["user_id"]?.stringValue,
                message: item["message"]?.stringValue ?? item["kind"]?.stringValue ?? "")
            return ErrorReporter.oneLine("\(item["time"]?.stringValue ?? "")  \(text)")
        }
        if items.count >= PolicyChangeAttribution.maximumLines && summary.hasSuffix("shown") {
            result.append("(more than \(PolicyChangeAttribution.maximumLines) lines: the first ones shown)")
        }
        return result
    }
}
