import Foundation
import TestSupport
import Testing

/// `aegis-audit query`: read-only SQL with table, CSV, JSON and JSON Lines output.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct QueryCommandTests {
    private func syncedCache() throws -> String {
        let databases = try GeneratedData.load(dialect: .snake, rows: 300)
        let cache = try makeTemporaryDirectory("query").appendingPathComponent("c.sqlite").path
        let result = try CLIRunner.run(
            [
                "sync", "--cache", cache, "--backend", TestPostgres.superuserURI(database: databases.backend),
                "--executor", TestPostgres.superuserURI(database: databases.executor),
            ])
        try #require(result.status == 0, "\(result.standardError)")
        return cache
    }

    @Test func writesAreRefusedAndTheCacheIsUntouched() throws {
        let cache = try syncedCache()
        let before = fileBytes(cache)
        for statement in ["DELETE FROM users", "DROP TABLE sync_runs", "UPDATE users SET email = 'x'"] {
            let result = try CLIRunner.run(["query", "--cache", cache, "--sql", statement])
            #expect(result.status == 5, "\(statement): \(result.standardError)")
            #expect(result.standardError.contains("read-only"))
        }
        #expect(fileBytes(cache) == before)
    }

    @Test func aSyntaxErrorPointsAtItsColumn() throws {
        let cache = try syncedCache()
        let result = try CLIRunner.run(["query", "--cache", cache, "--sql", "SELECT id FORM users"])
        #expect(result.status == 5)
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("aegis-audit: query:1:"))
        #expect(lines[0].contains("syntax error"))
        let caret = try #require(lines[2].firstIndex(of: "^"))
        let column = lines[2].distance(from: lines[2].startIndex, to: caret)
        #expect(Array(lines[1])[column...].starts(with: "users") || Array(lines[1])[column...].starts(with: "FORM"))
    }

    @Test func jsonOutputEmbedsJSONColumnsAndCSVQuotesFields() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("query-out")
        let json = folder.appendingPathComponent("out.json").path
        let sql = "SELECT id, action_params, execution_duration FROM action_audit_logs ORDER BY id LIMIT 5"
        let result = try CLIRunner.run(["query", "--cache", cache, "--sql", sql, "--format", "json", "--output", json])
        #expect(result.status == 0, "\(result.standardError)")
        let parsed = try JSONSerialization.jsonObject(with: try #require(fileBytes(json))) as? [[String: Any]]
        #expect(parsed?.count == 5)
        #expect(parsed?.first?["action_params"] is [String: Any], "jsonb arrives as a JSON object")

        let csv = try CLIRunner.run(
            ["query", "--cache", cache, "--format", "csv", "--sql", "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z"])
        #expect(csv.standardOutput == "x,y,z\r\n\"a,b\",\"say \"\"hi\"\"\",\r\n")

        let lines = try CLIRunner.run(
            ["query", "--cache", cache, "--format", "jsonl", "--sql", "SELECT id FROM users ORDER BY id LIMIT 3"])
        #expect(lines.standardOutput.split(separator: "\n").count == 3)
    }

    @Test func aFailedQueryLeavesNoOutputFile() throws {
        let cache = try syncedCache()
        let folder = try makeTemporaryDirectory("query-fail")
        let output = folder.appendingPathComponent("out.csv").path
        try "previous evidence\n".write(toFile: output, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(
            [
                "query", "--cache", cache, "--format", "csv", "--output", output, "--sql",
                "SELECT json_extract(details, '$[') FROM audit_events",
            ])
        #expect(result.status == 5)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous evidence\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
    }

    @Test func statusSummarisesTablesAndSyncs() throws {
        let cache = try syncedCache()
        let result = try CLIRunner.run(["status", "--cache", cache])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("action_audit_logs  executor"))
        #expect(result.standardOutput.contains("policies (backend): 1 snapshot(s)"))
        #expect(result.standardOutput.contains("last sync of executor: #1"))
    }
}
