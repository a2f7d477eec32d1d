import AegisAudit
import Hunts

/// What `hunt` prints: findings grouped by severity (worst first), each with its one-line
/// explanation and evidence ids, then a table of every hunt run; or the same as JSON.
enum HuntReport {
    /// `leak` (`leak time ..., principal ...`) is added to the first line when given.
    static func text(
        _ outcomes: [HuntOutcome], runID: Int64?, cachePath: String, window: HuntRunner.Window, leak: String? = nil
    ) -> String {
        var lines: [String] = []
        let where_ = "window \(window.since ?? "start") to \(window.until ?? "now")" + (leak.map { ", \($0)" } ?? "")
        lines.append("hunt run \(runID.map { "#\($0)" } ?? "(not stored)") on \(cachePath), \(where_)")
        let findings = outcomes.flatMap(\.findings)
        for severity in Severity.allCases.reversed() {
            let group = findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            lines.append("")
            lines.append("\(severity.rawValue.uppercased()) (\(group.count))")
            for finding in group {
                lines.append("  [\(finding.huntID)] \(finding.time.map { "\($0)  " } ?? "")\(finding.summary)")
                var byTable: [(String, [String])] = []
                for reference in finding.evidence {
                    if let index = byTable.firstIndex(where: { $0.0 == reference.table }) {
                        byTable[index].1.append(reference.id)
                    } else {
                        byTable.append((reference.table, [reference.id]))
                    }
                }
                for (table, ids) in byTable { lines.append("      evidence \(table): \(ids.joined(separator: ", "))") }
            }
        }
        if findings.isEmpty {
            lines.append("")
            lines.append("no findings")
        }
        lines.append("")
        var rows = [["hunt", "severity", "findings", "title"]]
        for outcome in outcomes {
            let count: String
            switch outcome.status {
            case .ran: count = String(outcome.findings.count)
            case .skipped(let reason): count = "skipped: \(reason)"
            }
            rows.append([outcome.hunt.id, outcome.hunt.severity.rawValue, count, outcome.hunt.title])
        }
        lines += aligned(rows)
        return lines.joined(separator: "\n")
    }

    /// One JSON document: the run, then each hunt with its parameters and findings.
    static func json(_ outcomes: [HuntOutcome], runID: Int64?, window: HuntRunner.Window) -> String {
        let hunts = outcomes.map { outcome in
            var fields = [
                "\"id\":\(FindingJSON.string(outcome.hunt.id))",
                "\"title\":\(FindingJSON.string(outcome.hunt.title))",
                "\"severity\":\(FindingJSON.string(outcome.hunt.severity.rawValue))",
                "\"techniques\":\(FindingJSON.array(outcome.hunt.techniques))",
                "\"parameters\":\(FindingJSON.parameters(outcome.parameters))",
            ]
            switch outcome.status {
            case .ran: fields.append("\"status\":\"ran\"")
            case .skipped(let reason): fields += ["\"status\":\"skipped\"", "\"note\":\(FindingJSON.string(reason))"]
            }
            fields.append("\"findings\":[" + outcome.findings.map(finding).joined(separator: ",") + "]")
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "{\"run\":\(runID.map(String.init) ?? "null"),\"since\":\(optional(window.since)),"
            + "\"until\":\(optional(window.until)),\"hunts\":[\(hunts.joined(separator: ","))]}"
    }

    /// One finding per line.
    static func jsonLines(_ outcomes: [HuntOutcome]) -> String {
        outcomes.flatMap(\.findings).map(finding).joined(separator: "\n")
    }

    private static func finding(_ finding: Finding) -> String {
        let evidence = finding.evidence.map {
            "{\"table\":\(FindingJSON.string($0.table)),\"id\":\(FindingJSON.string($0.id))}"
        }
        return
            "{\"hunt\":\(FindingJSON.string(finding.huntID)),\"severity\":\(FindingJSON.string(finding.severity.rawValue)),"
            + "\"time\":\(optional(finding.time)),\"summary\":\(FindingJSON.string(finding.summary)),"
            + "\"evidence\":[\(evidence.joined(separator: ","))],"
            + "\"row\":\(FindingJSON.row(columns: finding.columns, values: finding.values))}"
    }

    private static func optional(_ text: String?) -> String { text.map(FindingJSON.string) ?? "null" }

    /// The hunts of a library, for `--list`.
    static func list(_ library: HuntLibrary) -> String {
        var rows = [["hunt", "severity", "techniques", "parameters", "title"]]
        for hunt in library.hunts {
            let parameters = hunt.parameters.map { parameter in
                let source = parameter.contextKey.map { "context \($0)" } ?? defaultText(parameter.defaultValue)
                return "\(parameter.name) (\(parameter.kind.rawValue), \(source))"
            }
            rows.append([
                hunt.id, hunt.severity.rawValue, hunt.techniques.joined(separator: ","),
                parameters.isEmpty ? "-" : parameters.joined(separator: "; "), hunt.title,
            ])
        }
        return (["hunts in \(library.directory)"] + aligned(rows)).joined(separator: "\n")
    }

    private static func defaultText(_ value: HuntParameter.Default?) -> String {
        switch value {
        case nil: return "no default"
        case .text(let text)?: return "default \(text)"
        case .integer(let number)?: return "default \(number)"
        case .strings(let items)?: return "default \(items.joined(separator: ","))"
        }
    }

    private static func aligned(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
