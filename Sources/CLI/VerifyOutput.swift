import AegisAudit
import AegisSources
import Foundation

/// What `verify` prints: each finding as it is found (text lines, or one JSON object per line),
/// then a summary; or, with `--format json`, one document at the end.
final class VerifyOutput {
    private let format: String
    private let quiet: Bool
    private var collected: [String] = []

    init(format: String, quiet: Bool) {
        self.format = format
        self.quiet = quiet
    }

    func finding(_ finding: VerifyFinding) {
        switch format {
        case "json": collected.append(finding.json)
        case "jsonl": write(finding.json)
        default:
            write("[\(finding.severity)] \(finding.kind.rawValue): \(finding.summary)")
            for change in finding.changes {
                write(
                    "    \(change.column): cached \(Self.value(change.cached)), source now \(Self.value(change.source))"
                )
            }
        }
    }

    func finish(_ report: VerifyReport, cachePath: String, cacheOnly: Bool) {
        if format == "json" {
            let counts = VerifyFinding.Kind.allCases.compactMap { kind in
                report.counts[kind].map { "\(JSONText.string(kind.rawValue)):\($0)" }
            }
            write(
                "{\"cache\":\(JSONText.string(cachePath)),\"clean\":\(report.isClean),\"findings_count\":\(report.findings),"
                    + "\"counts\":{\(counts.joined(separator: ","))},"
                    + "\"chain_head\":\(report.cache?.chainHead.map(JSONText.string) ?? "null"),"
                    + "\"findings\":[\(collected.joined(separator: ","))]}")
            return
        }
        guard format == "text", !quiet else { return }
        if report.findings > 0 { write("") }
        write(Self.summary(report, cachePath: cachePath, cacheOnly: cacheOnly))
    }

    static func summary(_ report: VerifyReport, cachePath: String, cacheOnly: Bool) -> String {
        var lines: [String] = []
        if let cache = report.cache {
            var line = "cache \(cachePath): integrity checked, \(cache.rowsChecked) rows and entries re-hashed"
            if cache.predatesChain {
                line += "; its schema predates the seal chain (the next sync adds and seals it)"
            } else {
                line += ", \(cache.runsChecked) sync runs checked against their seals"
                if let head = cache.chainHead { line += " (chain head \(head))" }
            }
            lines.append(line)
            if !cache.sealedLater.isEmpty {
                let runs = cache.sealedLater.map { "\($0.run)" }.joined(separator: ", ")
                let by = Set(cache.sealedLater.map(\.by)).sorted().map(String.init).joined(separator: ", ")
                lines.append("  runs \(runs) predate the seal chain and were sealed as found by sync \(by)")
            }
            if !cache.unsealed.isEmpty {
                lines.append(
                    "  runs \(cache.unsealed.map(String.init).joined(separator: ", ")) predate the seal chain and "
                        + "are not sealed yet (the next sync seals them)")
            }
        }
        for source in report.sources {
            lines.append("\(source.source) \(source.endpoint), snapshot \(source.snapshot.snapshot):")
            for check in report.tables where check.source == source.source {
                var parts = ["\(check.sourceRows) rows at the source", "\(check.matching) as cached"]
                if check.notYetSynced > 0 { parts.append("\(check.notYetSynced) for the next sync") }
                if check.changedSinceSync > 0 {
                    parts.append(
                        "\(check.changedSinceSync) changed since the last sync (expected; the next sync records them)")
                }
                lines.append("  \(check.table): " + parts.joined(separator: ", "))
            }
        }
        if let loki = report.loki, let endpoint = report.lokiEndpoint {
            lines.append(
                "loki \(endpoint): \(loki.pieces) pulled windows re-pulled, \(loki.cachedEntries) cached entries, "
                    + "\(loki.pulledEntries) in Loki now")
        }
        if cacheOnly { lines.append("no source compared (cache checks only)") }
        if report.isClean {
            lines.append("verified clean")
        } else {
            let counts = VerifyFinding.Kind.allCases.compactMap { kind in
                report.counts[kind].map { "\($0) \(kind.rawValue)" }
            }
            lines.append("\(report.findings) discrepancies: \(counts.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }

    /// A value for a diff line: quoted, at most 200 characters, NULL as NULL.
    private static func value(_ text: String?) -> String {
        guard let text else { return "NULL" }
        let shown = text.count > 200 ? String(text.prefix(200)) + "… (\(text.utf8.count) bytes)" : text
        return JSONText.string(shown)
    }

    private func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
