import AegisAudit
import AegisSources
import ArgumentParser
import Foundation

/// `aegis-audit verify`: check the cache itself and compare it with the sources, read-only.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the cache (integrity, row hashes, seal chain) and compare it with the sources (read-only).",
        discussion: """
            The cache is opened read-only and never written. Sources are the same as sync's \
            (--backend/--executor, $AEGIS_AUDIT_BACKEND/$AEGIS_AUDIT_EXECUTOR, the config file; Loki \
            from --loki, $LOKI_ADDR or [loki]); each is read inside one read-only snapshot. \
            Exit codes: 0 verified clean, 1 discrepancies found, 2 bad usage or configuration, \
            3 a source failed, 4 the cache cannot be read. See docs/forensics.md.
            """)

    @OptionGroup var cacheOptions: CacheOptions

    @Option(name: .long, help: "Config file (default: $AEGIS_AUDIT_CONFIG, else ./aegis-audit.toml if present).")
    var config: String?

    @OptionGroup var sourceOptions: SourceOptions

    @Option(name: .long, help: "The overlap the next sync uses (default: the last sync's).")
    var overlap: String?

    @Option(name: .long, help: "Time zone of 'timestamp without time zone' columns (default: the last sync's).")
    var sourceTimezone: String?

    @Flag(name: .long, help: "Check the cache only; contact no source.")
    var cacheOnly = false

    @Flag(name: .long, help: "Compare with the sources only; skip the checks of the cache itself.")
    var sourcesOnly = false

    @Option(name: .long, help: "text, json (one document) or jsonl (one finding per line).")
    var format: String = "text"

    @Flag(name: .shortAndLong, help: "Print nothing but findings and errors.")
    var quiet = false

    @OptionGroup(title: "Loki") var lokiOptions: LokiOptions

    func run() throws {
        let redactor = SecretRedactor()
        let environment = ProcessInfo.processInfo.environment
        redactor.register(secret: environment["PGPASSWORD"])
        var clean = true
        try ErrorReporter.run(redactor: redactor) {
            guard ["text", "json", "jsonl"].contains(format) else {
                throw UsageError(message: "--format must be text, json or jsonl, not '\(format)'")
            }
            guard !(cacheOnly && sourcesOnly) else {
                throw UsageError(message: "--cache-only and --sources-only exclude each other")
            }
            let file = try ConfigLocation.load(config, environment: environment)
            var options = VerifyOptions(cachePath: cacheOptions.cache ?? file.cachePath ?? Cache.defaultPath)
            options.sources = sourceOptions.specs(config: file, environment: environment)
            if let overlap = overlap ?? file.overlap {
                guard let seconds = DurationText.seconds(overlap) else {
                    throw SyncFailure.invalidDuration(option: "--overlap", value: overlap)
                }
                options.overlapSeconds = seconds
            }
            options.sourceTimeZone = sourceTimezone ?? file.sourceTimeZone
            options.loki = try lokiOptions.spec(config: file.loki, environment: environment)
            options.checkCache = !sourcesOnly
            options.checkSources = !cacheOnly
            let noSource = options.sources.isEmpty && options.loki == nil
            if sourcesOnly && noSource {
                throw UsageError(
                    message: "--sources-only: no source to compare with: give --backend, --executor or --loki, "
                        + "or a config file with [sources.*]")
            }
            let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1 && !quiet)
            let output = VerifyOutput(format: format, quiet: quiet)
            let report = try Verifier.run(
                options, redactor: redactor, progress: { progress.note($0) },
                finding: { output.finding($0) })
            progress.finish()
            output.finish(report, cachePath: options.cachePath, cacheOnly: cacheOnly || noSource)
            clean = report.isClean
        }
        if !clean { throw ExitCode(1) }
    }
}
