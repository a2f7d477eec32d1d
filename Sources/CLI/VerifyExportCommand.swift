import ArgumentParser
import Exporters
import Foundation

/// `aegis-audit verify-export FILE`: checks an export against FILE.manifest.json.
struct VerifyExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-export",
        abstract: "Check an export against its manifest: the file's SHA-256, and for CSV/JSON/JSONL its rows.",
        discussion:
            "Exit 0 when every check passed, 1 when something differs, 6 when the file or manifest cannot be read.")

    @Argument(help: "The exported file (its manifest is FILE.manifest.json).")
    var file: String

    func run() throws {
        try ErrorReporter.run {
            let result = try ExportVerifier.verify(exportPath: file)
            var text = "\(file): \(result.passed ? "OK" : "DIFFERS")\n"
            for check in result.checks {
                let label = check.name.padding(toLength: 5, withPad: " ", startingAt: 0)
                text +=
                    "  \(label) \(check.outcome.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(check.detail)\n"
            }
            print(text, terminator: "")
            if !result.passed { throw ExitCode(1) }
        }
    }
}
