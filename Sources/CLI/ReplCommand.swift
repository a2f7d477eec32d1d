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

    func run() throws {
        try ErrorReporter.run {
            guard try ReplSession.run(cachePath: cacheOptions.path) else { throw ExitCode(5) }
        }
    }
}
