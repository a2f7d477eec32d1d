import AegisAudit
import AegisSources
import ArgumentParser
import Foundation

/// `aegis-audit sync`: copy the audit tables of the Aegis databases into the cache.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Copy the Aegis audit tables into the cache (read-only, incremental).",
        discussion: """
            Sources are libpq connection strings or URIs, from --backend/--executor, then \
            $AEGIS_AUDIT_BACKEND/$AEGIS_AUDIT_EXECUTOR, then the config file. The standard PG* \
            variables, ~/.pgpass and sslmode apply as in psql. Prefer PGPASSWORD or .pgpass to a \
            password in a URI: command lines are visible to other users.
            """)

    @OptionGroup var cacheOptions: CacheOptions

    @Option(name: .long, help: "Config file (default: $AEGIS_AUDIT_CONFIG, else ./aegis-audit.toml if present).")
    var config: String?

    @OptionGroup var sourceOptions: SourceOptions

    @Option(name: .long, help: "Re-read this much before the last watermark, for late commits (e.g. 10m, 1h).")
    var overlap: String?

    @Option(name: .long, help: "Time zone of 'timestamp without time zone' columns at the source (default UTC).")
    var sourceTimezone: String?

    @Flag(name: .long, help: "Re-read every row, not only those after the watermark.")
    var full = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @OptionGroup(title: "Loki") var lokiOptions: LokiOptions

    func run() throws {
        let redactor = SecretRedactor()
        let environment = ProcessInfo.processInfo.environment
        redactor.register(secret: environment["PGPASSWORD"])
        try ErrorReporter.run(redactor: redactor) {
            let file = try ConfigLocation.load(config, environment: environment)
            var options = SyncOptions(
                cachePath: cacheOptions.cache ?? file.cachePath ?? Cache.defaultPath,
                sources: sourceOptions.specs(config: file, environment: environment))
            let overlapText = overlap ?? file.overlap ?? "10m"
            guard let seconds = DurationText.seconds(overlapText) else {
                throw SyncFailure.invalidDuration(option: "--overlap", value: overlapText)
            }
            options.overlapSeconds = seconds
            options.sourceTimeZone = sourceTimezone ?? file.sourceTimeZone ?? "UTC"
            options.full = full
            options.loki = try lokiOptions.spec(config: file.loki, environment: environment)
            let interactive = isatty(STDERR_FILENO) == 1 && !quiet
            let progress = ProgressLine(enabled: interactive)
            let report = try SyncEngine.run(
                options, redactor: redactor, progress: { line in progress.note(line) },
                lokiProgress: { progress.update($0) }, lokiRetry: { progress.note("loki: \($0)") })
            progress.finish()
            if !quiet { print(SyncSummary.render(report, cachePath: options.cachePath)) }
            for window in report.unreconciledWindows {
                FileHandle.standardError.write(
                    Data(redactor.redact(SyncSummary.unreconciledWarning(window)).utf8 + [0x0A]))
            }
        }
    }
}
