import ArgumentParser

/// `aegis-audit policies`: questions about the cached policy snapshots.
struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "Compare cached policy snapshots with each other or with a known-good file.",
        subcommands: [PoliciesDiffCommand.self])
}
