import AegisAudit
import ArgumentParser
import Foundation

/// `aegis-audit`: the root command holds only the subcommands; alone on a terminal it starts
/// the REPL (ArgumentParser's `defaultSubcommand` cannot depend on the terminal).
@main
struct AegisAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aegis-audit",
        abstract: "Read-only forensic analyzer for the Aegis platform's audit trail.",
        discussion: """
            Copies the Aegis audit tables (read-only, one consistent snapshot per database) into a \
            local SQLite cache, then answers questions from the cache offline.
            Exit codes: 0 success, 1 unexpected failure, 2 bad usage or configuration, \
            3 a source failed, 4 the cache failed, 5 a query was refused, 6 an export failed.
            """,
        version: SyncEngine.toolVersion,
        subcommands: [
            SyncCommand.self, StatusCommand.self, QueryCommand.self, HuntCommand.self, ReplCommand.self,
            VerifyCommand.self, ExportCommand.self, VerifyExportCommand.self,
            TimelineCommand.self, ReportCommand.self, PoliciesCommand.self,
        ])

    /// Parses and runs like ArgumentParser does, but a malformed command line exits with 2 (the
    /// code the help documents for bad usage) instead of ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    /// Runs only without a subcommand: the REPL on a terminal, the help otherwise.
    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw CleanExit.helpRequest(self) }
        try ReplCommand.parse([]).run()
    }
}
