import AegisSources
import Foundation

extension ExportManifest {
    /// The manifest as JSON for people and programs: fields in a fixed order, two-space
    /// indentation, one line per column, per source and per sync id list.
    public func encoded() -> Data {
        func string(_ text: String?) -> String { text.map(JSONText.string) ?? "null" }
        func strings(_ texts: [String]) -> String { "[" + texts.map(JSONText.string).joined(separator: ", ") + "]" }
        func numbers(_ values: [Int64]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }
        var lines = ["{"]
        func field(_ name: String, _ value: String, last: Bool = false) {
            lines.append("  \(JSONText.string(name)): \(value)\(last ? "" : ",")")
        }
        field("manifest_version", String(manifestVersion))
        field("tool", string(tool))
        field("tool_version", string(toolVersion))
        field("created_at", string(createdAt))
        field("command_line", strings(commandLine))
        let details = subject.details.keys.sorted().map { "\(JSONText.string($0)): \(string(subject.details[$0]))" }
        field(
            "subject",
            "{\"kind\": \(string(subject.kind)), \"text\": \(string(subject.text)), \"details\": {"
                + details.joined(separator: ", ") + "}}")
        field(
            "window",
            window.map { "{\"since\": \(string($0.since)), \"until\": \(string($0.until))}" } ?? "null")
        let sourceLines = sources.map { source in
            "    {\"source\": \(string(source.source)), \"endpoint\": \(string(source.endpoint)), "
                + "\"database\": \(string(source.database)), \"server_version\": \(string(source.serverVersion)), "
                + "\"sync_runs\": \(numbers(source.syncRuns)), "
                + "\"last_snapshot_taken_at\": \(string(source.lastSnapshotTakenAt))}"
        }
        field("sources", sourceLines.isEmpty ? "[]" : "[\n" + sourceLines.joined(separator: ",\n") + "\n  ]")
        field("sync_runs", numbers(syncRuns))
        var fileFields = [
            "\"name\": \(string(file.name))", "\"format\": \(string(file.format))", "\"bytes\": \(file.bytes)",
            "\"sha256\": \(string(file.sha256))", "\"time_zone\": \(string(file.timeZone))",
        ]
        if let neutralised = file.csvFormulasNeutralised {
            fileFields.append("\"csv_formulas_neutralised\": \(neutralised)")
        }
        field("file", "{" + fileFields.joined(separator: ", ") + "}")
        let columnLines = columns.map { "    {\"name\": \(string($0.name)), \"json\": \($0.json)}" }
        field("columns", columnLines.isEmpty ? "[]" : "[\n" + columnLines.joined(separator: ",\n") + "\n  ]")
        field("rows", String(rows))
        field("evidence_sha256", string(evidenceSHA256))
        field("evidence_encoding", string(evidenceEncoding), last: true)
        lines.append("}")
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }
}
