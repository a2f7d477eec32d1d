import AegisAudit

/// The text `status` prints.
enum StatusReport {
    static func render(_ status: CacheStatus) -> String {
        var lines = ["cache \(status.path) (schema v\(status.schemaVersion))", ""]
        var rows: [[String]] = [["table", "source", "rows", "versioned", "earliest", "latest"]]
        for table in status.tables {
            rows.append([
                table.table, table.source, String(table.rows), String(table.versionedRows),
                table.earliest ?? "-", table.latest ?? "-",
            ])
        }
        if rows.count > 1 { lines += aligned(rows) } else { lines.removeLast() }
        if !status.policySnapshots.isEmpty {
            lines.append("")
            for snapshot in status.policySnapshots {
                let change: String
                switch snapshot.changedSincePrevious {
                case .none: change = "first snapshot"
                case .some(true): change = "CHANGED since the previous snapshot"
                case .some(false): change = "unchanged since the previous snapshot"
                }
                lines.append(
                    "policies (\(snapshot.source)): \(snapshot.snapshots) snapshot(s); latest #\(snapshot.latestNumber) "
                        + "at \(snapshot.latestTakenAt), \(snapshot.policies) policies, \(change)")
            }
        }
        if let loki = status.loki {
            lines.append("")
            lines.append(
                "loki: \(loki.entries) entries in \(loki.streams) streams, \(loki.earliest ?? "-") to "
                    + "\(loki.latest ?? "-"); \(loki.windows) windows pulled, "
                    + (loki.unresolvedWindows == 0
                        ? "all reconciled" : "\(loki.unresolvedWindows) NOT reconciled (the next sync retries them)"))
        }
        lines.append("")
        if status.sources.isEmpty { lines.append("no sync yet") }
        for source in status.sources {
            lines.append(
                "last sync of \(source.source): #\(source.lastSyncID) finished \(source.finishedAt) from "
                    + "\(source.endpoint) (\(source.source == "loki" ? "Loki" : "PostgreSQL") \(source.serverVersion)); "
                    + "\(source.syncCount) sync(s) in all")
        }
        return lines.joined(separator: "\n")
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
