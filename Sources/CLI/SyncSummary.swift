import AegisAudit
import AegisSources

/// The text `sync` prints when it is done: one line per table.
enum SyncSummary {
    static func render(_ report: SyncReport, cachePath: String) -> String {
        var lines = ["sync #\(report.syncID) into \(cachePath)"]
        for source in report.sources {
            lines.append(
                "  \(source.source): \(source.endpoint), PostgreSQL \(source.snapshot.serverVersion), "
                    + "snapshot \(source.snapshot.snapshot) at \(source.snapshot.takenAt)")
        }
        let width = report.tables.map { $0.source.count + $0.table.count + 1 }.max() ?? 0
        for table in report.tables {
            let name = "\(table.source).\(table.table)"
            lines.append(
                "  " + name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  \(table.rowsRead) read, \(table.rowsInserted) new, \(table.rowsChanged) changed, "
                    + "\(table.rowsUnchanged) unchanged  [\(table.mode), \(table.dialect)]")
        }
        if let loki = report.loki {
            let windows = report.lokiWindows
            let bad = report.unreconciledWindows.count
            lines.append(
                "  loki: \(loki.endpoint) (Loki \(loki.version)): \(windows.count) window(s), "
                    + (bad == 0 ? "all reconciled with count_over_time" : "\(bad) NOT reconciled (see warnings)"))
        }
        return lines.joined(separator: "\n")
    }

    /// One warning line for a Loki window whose entries do not match Loki's count.
    static func unreconciledWarning(_ window: LokiWindow) -> String {
        "aegis-audit: warning: loki window \(window.selector) [\(window.start), \(window.end)) ns: pulled "
            + "\(window.pulled) entries but count_over_time says \(window.counted); re-run sync to retry it"
    }
}
