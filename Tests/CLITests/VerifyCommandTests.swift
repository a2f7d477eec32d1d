import Foundation
import TestSupport
import Testing

/// `aegis-audit verify` as a user runs it: exit 0 when clean, 1 with findings (as JSON lines
/// other tools can read), 2 for bad usage, 3 for an unreachable source, 4 for a cache it cannot
/// read; the cache file is never written.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct VerifyCommandTests {
    private func syncedCache() throws -> (path: String, backend: String, executor: String) {
        let databases = try GeneratedData.load(dialect: .snake, rows: 200)
        let path = try makeTemporaryDirectory("verify-cli").appendingPathComponent("c.sqlite").path
        let result = try CLIRunner.run(
            [
                "sync", "--cache", path, "--backend", TestPostgres.connectionString(database: databases.backend),
                "--executor", TestPostgres.connectionString(database: databases.executor),
            ], environment: ["PGPASSWORD": TestPostgres.superuserPassword])
        try #require(result.status == 0, "\(result.standardError)")
        return (path, databases.backend, databases.executor)
    }

    @Test func cleanThenAFindingThenTheCacheIsUntouched() throws {
        let (cache, backend, executor) = try syncedCache()
        let before = fileBytes(cache)
        let arguments = [
            "verify", "--cache", cache, "--backend", TestPostgres.connectionString(database: backend),
            "--executor", TestPostgres.connectionString(database: executor),
        ]
        let environment = ["PGPASSWORD": TestPostgres.superuserPassword]
        let clean = try CLIRunner.run(arguments, environment: environment)
        #expect(clean.status == 0, "\(clean.standardError)")
        #expect(clean.standardOutput.hasSuffix("verified clean\n"))

        let id = try TestPostgres.value("SELECT id FROM audit_events ORDER BY created_at LIMIT 1", database: backend)
        try TestPostgres.psql("DELETE FROM audit_events WHERE id = '\(id)'", database: backend)
        let found = try CLIRunner.run(arguments + ["--format", "jsonl"], environment: environment)
        #expect(found.status == 1, "\(found.standardError)")
        let lines = found.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "deleted_at_source")
        #expect(object["table"] as? String == "audit_events")
        #expect(object["id"] as? String == id)
        #expect(object["sync_id"] as? Int == 1)
        #expect((object["evidence"] as? [[String: String]])?.first?["id"] == id)

        let document = try CLIRunner.run(arguments + ["--format", "json"], environment: environment)
        #expect(document.status == 1)
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(document.standardOutput.utf8)) as? [String: Any])
        #expect(parsed["clean"] as? Bool == false)
        #expect((parsed["counts"] as? [String: Int])?["deleted_at_source"] == 1)
        #expect((parsed["chain_head"] as? String)?.count == 64)

        #expect(fileBytes(cache) == before, "verify never writes the cache")
    }

    @Test func exitCodesForUsageSourceAndCache() throws {
        let (cache, _, _) = try syncedCache()
        let usage = try CLIRunner.run(["verify", "--cache", cache, "--cache-only", "--sources-only"])
        #expect(usage.status == 2)
        #expect(usage.standardError.contains("exclude each other"))

        let unreachable = try CLIRunner.run([
            "verify", "--cache", cache, "--backend", "host=127.0.0.1 port=1 user=x dbname=y connect_timeout=3",
        ])
        #expect(unreachable.status == 3)
        #expect(unreachable.standardError.contains("source 'backend'"))
        let secret = "Verify-Secret-9"
        let withPassword = try CLIRunner.run([
            "verify", "--cache", cache, "--executor",
            "postgresql://postgres:\(secret)@127.0.0.1:\(TestPostgres.port)/nonexistent_db",
        ])
        #expect(withPassword.status == 3)
        #expect(withPassword.standardError.split(separator: "\n").count == 1)
        #expect(!withPassword.standardError.contains(secret) && !withPassword.standardOutput.contains(secret))

        let missing = try CLIRunner.run(["verify", "--cache", cache + ".nope"])
        #expect(missing.status == 4)
        let notACache = try makeTemporaryDirectory("verify-cli").appendingPathComponent("x.sqlite").path
        try Data("not a cache".utf8).write(to: URL(fileURLWithPath: notACache))
        let refused = try CLIRunner.run(["verify", "--cache", notACache])
        #expect(refused.status == 4)
        #expect(refused.standardError.split(separator: "\n").count == 1)

        let cacheOnly = try CLIRunner.run(["verify", "--cache", cache, "--cache-only"])
        #expect(cacheOnly.status == 0, "\(cacheOnly.standardError)")
        #expect(cacheOnly.standardOutput.contains("no source compared"))
    }
}
