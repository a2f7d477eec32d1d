import Foundation
import TestSupport
import Testing

/// A malformed command line exits with 2, the code the help documents for bad usage.
struct UsageErrorTests {
    @Test(arguments: [["bogus"], ["sync", "--overlap"], ["query", "--format"], ["status", "--no-such-flag"]])
    func malformedCommandLinesExitTwo(arguments: [String]) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.standardError)")
        #expect(result.standardError.contains("Error:"))
    }

    @Test func helpAndVersionExitZero() throws {
        #expect(try CLIRunner.run(["--version"]).status == 0)
        #expect(try CLIRunner.run(["query", "--help"]).status == 0)
    }
}

/// Arguments ArgumentParser itself refuses: its "Error:" line first, exit 2, nothing run.
struct NonsenseArgumentTests {
    @Test(arguments: [
        ["sync", "--overlap", "-5m"], ["--cache"], ["status", "--cache"], ["export", "--format", "csv"],
        ["sync", "--loki-limit", "many"],
        [String(repeating: "x", count: 100_000)], ["sync", "--\u{202E}kcabdnab"], ["\u{1B}[2J"],
    ])
    func refusedBeforeAnythingRuns(arguments: [String]) throws {
        let folder = try makeTemporaryDirectory("nonsense")
        let result = try CLIRunner.run(arguments, currentDirectory: folder.path)
        #expect(result.status == 2, "\(arguments.map { $0.prefix(40) }): \(result.standardError.prefix(300))")
        #expect(result.standardError.hasPrefix("Error: "), "\(result.standardError.prefix(300))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no cache was created")
    }
}
