import Foundation
import Testing
import TestSupport

/// `aegis-audit query '<pipeline>'`, `-f FILE` and `--explain`, as a user runs them.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct QueryLangCommandTests {
    private func syncedCache() throws -> String {
        let databases = try GeneratedData.load(dialect: .snake, rows: 300)
        let cache = try makeTemporaryDirectory("querylang-cli").appendingPathComponent("c.sqlite").path
        let result = try CLIRunner.run(
            ["sync", "--cache", cache, "--backend", TestPostgres.superuserURI(database: databases.backend),
             "--executor", TestPostgres.superuserURI(database: databases.executor)])
        try #require(result.status == 0, "\(result.standardError)")
        return cache
    }

    @Test func aPipelineRunsAndFromAFileToo() throws {
        let cache = try syncedCache()
        let pipeline = "from action_audit_logs | stats count() by namespace | sort by count desc | head 3"
        let direct = try CLIRunner.run(["query", "--cache", cache, "--format", "csv", pipeline])
        #expect(direct.status == 0, "\(direct.standardError)")
        #expect(direct.standardOutput.hasPrefix("namespace,count\r\n"))
        #expect(direct.standardOutput.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4)

        let file = try makeTemporaryDirectory("aql").appendingPathComponent("q.aql").path
        try "// top namespaces\n\(pipeline)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try CLIRunner.run(["query", "--cache", cache, "--format", "csv", "-f", file])
        #expect(fromFile.standardOutput == direct.standardOutput)
    }

    @Test func explainShowsTheSQLParametersAndPlan() throws {
        let cache = try syncedCache()
        let result = try CLIRunner.run(
            ["query", "--cache", cache, "--explain", #"from audit_events | where event_type == "auth_login_failure" | since 7d"#])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains(#"("event_type" = ?1)"#))
        #expect(result.standardOutput.contains(#"?1 = text("auth_login_failure")"#))
        #expect(result.standardOutput.contains("plan:"))
    }

    @Test func aBadPipelineShowsWhereAndExitsFive() throws {
        let cache = try syncedCache()
        let result = try CLIRunner.run(["query", "--cache", cache, "from audit_events | where evnt_type == 1"])
        #expect(result.status == 5)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        #expect(lines[0] == "aegis-audit: query:1:27: error[Q021]: no column 'evnt_type' here")
        #expect(lines[2].hasSuffix("^~~~~~~~~"))
        #expect(lines[3] == "  hint: did you mean 'event_type'?")
    }

    @Test func pipelineAndSQLTogetherIsAUsageError() throws {
        let cache = try syncedCache()
        let result = try CLIRunner.run(["query", "--cache", cache, "--sql", "SELECT 1", "from users"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("exactly one of"))
    }
}
