import AegisAudit
import Hunts

/// What `hunt` prints: findings grouped by severity (worst first), each with its one-line
/// explanation and evidence ids, then a table of every hunt run; or the same as JSON.
enum HuntReport {
    /// `leak` (`leak time ..., principal ...`) is added to the first line when given. Lines go
    /// to `write` as they are made; the findings are read from `spool` when the hunts ran with one.
    static func text(
        _ outcomes: [HuntOutcome], spool: FindingSpool?, runID: Int64?, cachePath: String, window: HuntRunner.Window,
        leak: String? = nil, write: (String) -> Void
    ) throws {
        let where_ = "window \(window.since ?? "start") to \(window.until ?? "now")" + (leak.map { ", \($0)" } ?? "")
        write("hunt run \(runID.map { "#\($0)" } ?? "(not stored)") on \(cachePath), \(where_)")
        // One pass over the findings per severity, worst first: none is held in memory.
        for severity in Severity.allCases.reversed() {
            let count = outcomes.filter { $0.hunt.severity == severity }.reduce(0) { $0 + $1.findingCount }
            guard count > 0 else { continue }
            write("")
            write("\(severity.rawValue.uppercased()) (\(count))")
            try forEachFinding(outcomes, spool: spool) { finding in
                guard finding.severity == severity else { return }
                write("  [\(finding.huntID)] \(finding.time.map { "\($0)  " } ?? "")\(finding.summary)")
                var byTable: [(String, [String])] = []
                for reference in finding.evidence {
                    if let index = byTable.firstIndex(where: { $0.0 == reference.table }) {
                        byTable[index].1.append(reference.id)
                    } else {
                        byTable.append((reference.table, [reference.id]))
                    }
                }
                for (table, ids) in byTable { write("      evidence \(table): \(ids.joined(separator: ", "))") }
            }
        }
        if outcomes.allSatisfy({ $0.findingCount == 0 }) {
            write("")
            write("no findings")
        }
        write("")
        var rows = [["hunt", "severity", "findings", "title"]]
        for outcome in outcomes {
            let count: String
            switch outcome.status {
            case .ran: count = String(outcome.findingCount)
            case .skipped(let reason): count = "skipped: \(reason)"
            }
            rows.append([outcome.hunt.id, outcome.hunt.severity.rawValue, count, outcome.hunt.title])
        }
        aligned(rows).forEach(write)
    }

    /// One JSON document: the run, then each hunt with its parameters and findings. Written
    /// in pieces to `write` (no newline between them), one finding at a time.
    static func json(
        _ outcomes: [HuntOutcome], spool: FindingSpool?, runID: Int64?, window: HuntRunner.Window,
        write: (String) -> Void
    ) throws {
        write(
            "{\"run\":\(runID.map(String.init) ?? "null"),\"since\":\(optional(window.since)),"
                + "\"until\":\(optional(window.until)),\"hunts\":[")
        var separator = ""
        try forEachOutcome(outcomes, spool: spool) { outcome, findings in
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
            write(separator + "{" + fields.joined(separator: ",") + ",\"findings\":[")
            separator = ","
            var first = true
            while let finding = try findings.next() {
                write((first ? "" : ",") + self.finding(finding))
                first = false
            }
            write("]}")
        }
        write("]}")
    }

    /// One finding per line, each given to `write`.
    static func jsonLines(_ outcomes: [HuntOutcome], spool: FindingSpool?, write: (String) -> Void) throws {
        try forEachFinding(outcomes, spool: spool) { finding in write(self.finding(finding)) }
    }

    /// Calls `body` with each outcome, in run order, and its findings: the outcome's own, or
    /// the next `findingCount` of the spool. `body` must read them all before it returns, so
    /// that the next outcome reads its own.
    private static func forEachOutcome(
        _ outcomes: [HuntOutcome], spool: FindingSpool?, _ body: (HuntOutcome, OutcomeFindings) throws -> Void
    ) throws {
        let reader = try spool?.reader()
        for outcome in outcomes { try body(outcome, OutcomeFindings(outcome, reader: reader)) }
    }

    /// Every finding, in run order.
    private static func forEachFinding(
        _ outcomes: [HuntOutcome], spool: FindingSpool?, _ body: (Finding) throws -> Void
    ) throws {
        try forEachOutcome(outcomes, spool: spool) { _, findings in
            while let finding = try findings.next() { try body(finding) }
        }
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
