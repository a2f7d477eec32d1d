import AegisAudit

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
        return lines.joined(separator: "\n")
    }
}
