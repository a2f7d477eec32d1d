import Foundation
import TestSupport
import Testing

/// Each way a source can fail gives one clear line naming the source, a non-zero exit, no
/// password, and a cache exactly as it was before the run (or none if there was none).
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct SyncErrorTests {
    static let secret = "Very-Secret-Pa55"

    /// A cache made by one good sync, to prove failed runs leave it untouched.
    private func goodCache() throws -> (path: String, executor: String) {
        let databases = try GeneratedData.load(dialect: .snake, rows: 200)
        let path = try makeTemporaryDirectory("errors").appendingPathComponent("c.sqlite").path
        let result = try CLIRunner.run(
            ["sync", "--cache", path, "--executor", TestPostgres.superuserURI(database: databases.executor)])
        try #require(result.status == 0, "\(result.standardError)")
        return (path, databases.executor)
    }

    private func expectFailure(
        _ arguments: [String], environment: [String: String] = [:], exit: Int32, mentions: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (cache, _) = try goodCache()
        let before = fileBytes(cache)
        let result = try CLIRunner.run(["sync", "--cache", cache] + arguments, environment: environment)
        #expect(result.status == exit, "\(result.standardError)", sourceLocation: sourceLocation)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.standardError)", sourceLocation: sourceLocation)
        for word in mentions {
            #expect(
                result.standardError.contains(word), "\(result.standardError) lacks \(word)",
                sourceLocation: sourceLocation)
        }
        #expect(!result.standardError.contains(Self.secret), sourceLocation: sourceLocation)
        #expect(!result.standardOutput.contains(Self.secret), sourceLocation: sourceLocation)
        #expect(fileBytes(cache) == before, "cache unchanged", sourceLocation: sourceLocation)

        // Without a previous cache, a failed run leaves no file behind.
        let fresh = try makeTemporaryDirectory("errors-fresh").appendingPathComponent("c.sqlite").path
        let again = try CLIRunner.run(["sync", "--cache", fresh] + arguments, environment: environment)
        #expect(again.status == exit, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: fresh), sourceLocation: sourceLocation)
    }

    @Test func unreachableServer() throws {
        let port = try freePort()
        try expectFailure(
            ["--executor", "postgresql://postgres:\(Self.secret)@127.0.0.1:\(port)/executor?connect_timeout=3"],
            exit: 3, mentions: ["source 'executor'", "server unreachable", "127.0.0.1:\(port)"])
    }

    @Test func wrongPassword() throws {
        try expectFailure(
            [
                "--executor",
                "host=127.0.0.1 port=\(TestPostgres.port) user=postgres dbname=postgres password=\(Self.secret)",
            ],
            exit: 3, mentions: ["source 'executor'", "authentication failed"])
    }

    @Test func wrongPasswordFromTheEnvironment() throws {
        try expectFailure(
            ["--backend", "host=127.0.0.1 port=\(TestPostgres.port) user=postgres dbname=postgres"],
            environment: ["PGPASSWORD": Self.secret], exit: 3, mentions: ["source 'backend'", "authentication failed"])
    }

    @Test func tlsRequiredButNotOffered() throws {
        try expectFailure(
            ["--executor", TestPostgres.superuserURI(database: "postgres") + "?sslmode=require"],
            exit: 3, mentions: ["source 'executor'", "TLS failure"])
    }

    @Test func notAnAegisDatabase() throws {
        try expectFailure(
            ["--backend", TestPostgres.superuserURI(database: "postgres")], exit: 3,
            mentions: ["source 'backend'", "not an Aegis backend database"])
    }

    @Test func missingTable() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 100)
        try TestPostgres.psql("DROP TABLE audit_events", database: databases.backend)
        try expectFailure(
            ["--backend", TestPostgres.superuserURI(database: databases.backend)], exit: 3,
            mentions: ["source 'backend'", "'audit_events' is missing"])
    }

    @Test func missingRequiredColumn() throws {
        let databases = try GeneratedData.load(dialect: .camel, rows: 100)
        try TestPostgres.psql("ALTER TABLE action_audit_logs DROP COLUMN namespace", database: databases.executor)
        try expectFailure(
            ["--executor", TestPostgres.superuserURI(database: databases.executor)], exit: 3,
            mentions: ["source 'executor'", "table 'action_audit_logs' has no column 'namespace'"])
    }

    @Test func unknownDatabase() throws {
        try expectFailure(
            ["--executor", TestPostgres.superuserURI(database: "no_such_database")], exit: 3,
            mentions: ["source 'executor'", "no_such_database"])
    }

    @Test func invalidConnectionStringNeverEchoesItsPassword() throws {
        try expectFailure(
            ["--executor", "host=127.0.0.1 password=\(Self.secret) bogus_option=1"], exit: 3,
            mentions: ["source 'executor'", "invalid connection string"])
    }

    @Test func unknownSourceTimeZone() throws {
        let (_, executor) = try goodCache()
        try expectFailure(
            ["--executor", TestPostgres.superuserURI(database: executor), "--source-timezone", "Mars/Olympus"],
            exit: 3, mentions: ["unknown time zone 'Mars/Olympus'"])
    }

    @Test func noSourceAtAll() throws {
        try expectFailure([], exit: 2, mentions: ["no source to sync"])
    }

    @Test func badOverlap() throws {
        let (_, executor) = try goodCache()
        try expectFailure(
            ["--executor", TestPostgres.superuserURI(database: executor), "--overlap", "ten minutes"], exit: 2,
            mentions: ["--overlap", "not a duration"])
    }

    private func freePort() throws -> Int {
        let output = try ProcessRunner.run(
            "/usr/bin/env",
            ["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        return Int(output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1
    }
}
