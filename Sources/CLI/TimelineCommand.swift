import AegisAudit
import ArgumentParser
import Exporters
import Foundation

/// `aegis-audit timeline`: every event of the cache in one time-ordered view (docs/timeline.md),
/// filtered by user, address, namespace, window or a QueryLang filter; as a terminal table, in
/// any export format, or as the HTML report. Files get a manifest.
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Show every event across the audit tables, policy changes, findings and Loki lines, in time order.",
        discussion: """
            Examples: aegis-audit timeline --ip 198.51.100.250; aegis-audit timeline --user admin@example.com \
            --around 2026-11-18T02:17:00Z --window 2h --format csv --output admin.csv; \
            aegis-audit timeline --query 'where source != "loki"' --format html --output report.html. \
            Files are written completely or not at all, with <file>.manifest.json beside them.
            """)

    @OptionGroup var cacheOptions: CacheOptions
    @OptionGroup var timeline: TimelineOptions

    @Option(
        name: .long,
        help: "table, \(ExportFormat.allCases.filter { $0 != .table }.map(\.rawValue).joined(separator: ", ")) or html."
    )
    var format: String = "table"

    @Option(name: .shortAndLong, help: "Write to this file (with a manifest beside it); - for standard output.")
    var output: String = "-"

    @OptionGroup var style: ExportStyleOptions

    func run() throws {
        try ErrorReporter.run {
            let filter = try timeline.filter()
            let options = try style.exportOptions()
            let html = format == "html"
            let exportFormat = html ? nil : try ExportStyleOptions.format(format)
            let cache = try TimelineCache.open(path: cacheOptions.path)
            let query = try timeline.timelineQuery(filter: filter, cache: cache)
            if html {
                try TimelineReportWriting.write(
                    query: query, cache: cache, to: output, zone: options.zone, scope: timeline.scope(filter),
                    provenance: timeline.provenance(filter))
                return
            }
            let (sql, parameters) = query.rows(layout: exportFormat == .table ? .compact : .full)
            try ExportWriting.write(
                sql, parameters: parameters, cache: cache, to: output, format: exportFormat!, options: options,
                provenance: timeline.provenance(filter), jsonColumns: ["finding_ids"])
        }
    }
}
