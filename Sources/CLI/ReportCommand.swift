import AegisAudit
import ArgumentParser
import Exporters
import Foundation

/// `aegis-audit report`: the HTML report (summary, activity chart, findings with their
/// evidence, timeline) in one self-contained file, with its manifest. The same as
/// `timeline --format html`, with a default file name.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the HTML report: summary, activity chart, findings with evidence, and the timeline.",
        discussion: """
            One self-contained file (inline style and SVG, no script, nothing fetched) to open in any \
            browser or print. Takes the timeline's filters: aegis-audit report --ip 198.51.100.250 \
            --output incident.html. Written completely or not at all, with <file>.manifest.json beside it.
            """)

    @OptionGroup var cacheOptions: CacheOptions
    @OptionGroup var timeline: TimelineOptions

    @Option(name: .shortAndLong, help: "The report file (default: aegis-audit-report.html); - for standard output.")
    var output: String = "aegis-audit-report.html"

    @Option(
        name: .long, help: "Show times in this zone: UTC (default), an IANA name (Europe/Paris) or an offset (+05:30).")
    var tz: String = "UTC"

    @Option(name: .long, help: "Rows the report's timeline shows at most (default 10000; 0: all).")
    var maxRows: Int = HTMLReport.defaultTimelineLimit

    func run() throws {
        try ErrorReporter.run {
            let filter = try timeline.filter()
            guard maxRows >= 0 else { throw UsageError(message: "--max-rows \(maxRows): give 0 (all) or more") }
            guard let zone = DisplayZone(tz) else {
                throw UsageError(
                    message:
                        "--tz '\(tz)': not a time zone (use UTC, an IANA name such as Europe/Paris, or an offset such as +05:30)"
                )
            }
            let cache = try TimelineCache.open(path: cacheOptions.path)
            let query = try timeline.timelineQuery(filter: filter, cache: cache)
            try TimelineReportWriting.write(
                query: query, cache: cache, to: output, zone: zone, scope: timeline.scope(filter),
                provenance: timeline.provenance(filter), maxRows: maxRows)
            if output != "-" {
                FileHandle.standardError.write(
                    Data("report written to \(output) (manifest: \(output).manifest.json)\n".utf8))
            }
        }
    }
}
