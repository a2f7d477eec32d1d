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
