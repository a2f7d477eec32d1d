import AegisAudit
import ArgumentParser
import Exporters
import Foundation

/// `aegis-audit policies diff`: what changed in the policies between two cached snapshots, or
/// between a snapshot and a known-good definition file, field by field, with who changed it
/// according to Loki. Exit 0 no differences, 1 differences, 2 usage or a bad file, 4 the cache.
struct PoliciesDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show policies added, removed or changed (field by field) and who changed them.",
        discussion: """
            Compares two policy snapshots of the cache (default: the latest with the one before), or \
            with --baseline a known-good YAML or JSON list of policies (matched by name) with a snapshot. \
            Each change lists its fields before → after and the Loki lines that attribute it \
            (method, path with the policy id, address, user agent, time), or says there is none. \
            Examples: aegis-audit policies diff; aegis-audit policies diff --from '#3' --to 2026-11-18T03:00Z; \
            aegis-audit policies diff --baseline policies.yaml --format csv --output drift.csv. \
            Exit codes: 0 no differences, 1 differences, 2 bad usage or baseline file, 4 the cache.
            """)

    @OptionGroup var cacheOptions: CacheOptions

    @Option(
        name: .long, help: "The snapshot to compare from: a number (#3 or 3), or a time (the latest snapshot then).")
    var from: String?

    @Option(name: .long, help: "The snapshot to compare to: a number or a time (default: the latest).")
    var to: String?

    @Option(name: .long, help: "A known-good YAML or JSON list of policies to compare the --to snapshot with.")
    var baseline: String?

    @Option(name: .long, help: "text, or an export format: \(ExportFormat.names).")
    var format: String = "text"

    @Option(name: .shortAndLong, help: "Write to this file (with a manifest beside it); - for standard output.")
    var output: String = "-"

    @OptionGroup var style: ExportStyleOptions

    func run() throws {
        var differences = false
        try ErrorReporter.run { differences = try diff() }
        if differences { throw ExitCode(1) }
    }

    /// Writes the differences; whether there were any.
    private func diff() throws -> Bool {
        let options = try style.exportOptions()
        guard format == "text" || ExportFormat(rawValue: format) != nil else {
            throw UsageError(message: "--format: unknown format '\(format)' (use text, \(ExportFormat.names))")
        }
        let exportFormat = ExportFormat(rawValue: format)
        let baselineFile = try baseline.map { path throws in try PolicyBaseline.load(path: path) }
        let cache = try Cache.openForReading(path: cacheOptions.path)
        let plan = try PolicyDiffPlan.resolve(from: from, to: to, baseline: baselineFile, cache: cache)
        let session =
            try exportFormat.map { try ExportSession(path: output, format: $0, options: options) }
            ?? ExportSession(path: output, formatName: "text", options: options)
        do {
            let text = exportFormat == nil ? PolicyDiffText(output: session.output) : nil
            let sink = text.map { session.recording($0) } ?? session.rowSink()
            let summaries = try PolicyDiff.run(plan, cache: cache, into: sink) { text?.summaries = $0 }
            var provenance = provenance(plan)
            if session.writesManifest { try provenance.loadSources(from: cache) }
            try session.commit(provenance: provenance)
            return summaries.contains { $0.differences > 0 }
        } catch {
            session.abandon()
            throw error
        }
    }

    /// The manifest's subject: what was compared with what.
    private func provenance(_ plan: PolicyDiffPlan) -> ExportProvenance {
        let text = plan.comparisons.map { "\($0.source): \($0.before.label) → \($0.after.label)" }
            .joined(separator: "; ")
        var details: [String: String] = [:]
        if let from { details["from"] = from }
        if let to { details["to"] = to }
        if let baseline { details["baseline"] = baseline }
        return ExportProvenance(
            commandLine: CommandLine.arguments,
            subject: ExportManifest.Subject(kind: "policy diff", text: text, details: details))
    }
}
