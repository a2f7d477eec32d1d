import ArgumentParser
import Repl

/// `aegis-audit repl` (and `aegis-audit` alone on a terminal): the interactive REPL over the
/// cache. With stdin not a terminal it runs the statements it reads, as a script.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Ask the cache questions interactively (QueryLang or read-only SQL).",
        discussion: """
            Line editing, history ($XDG_STATE_HOME/aegis-audit/history), Tab completion and \
            meta-commands (.help). Ctrl-C cancels the running query, Ctrl-D leaves. With stdin not a \
            terminal it reads statements with no prompt (aegis-audit repl < investigation.aql) and \
            exits with 5 if any of them failed.
            """)

    @OptionGroup var cacheOptions: CacheOptions

    @Option(
        name: .long,
        help: "Directory of hunt files for .hunts and .run (default: as for hunt).")
    var queries: String?

    @Option(
        name: .long,
        help: """
            Config file with the investigation [context] for .run (default: $AEGIS_AUDIT_CONFIG, else \
            ./aegis-audit.toml).
            """)
    var config: String?

    func run() throws {
        try ErrorReporter.run {
            let file = try ConfigLocation.load(config)
            guard try ReplSession.run(cachePath: cacheOptions.path, huntDirectory: queries, context: file.context)
            else { throw ExitCode(5) }
        }
    }
}
