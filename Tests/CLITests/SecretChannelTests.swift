import Foundation
import TestSupport
import Testing

/// A password given by any channel libpq or our config accepts never appears in output (of
/// sync, status, verify, also on every error path), in the cache file, in the sync records, or
/// in exports and their manifests; the cache and exports are private to their owner.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct SecretChannelTests {
    enum Channel: String, CaseIterable, Sendable {
        case uri, keyValue, environmentPassword, pgpass, configFile, environmentURL
    }

    /// The arguments and environment that hand `password` to a source at `port` by `channel`.
    private func setUp(
        _ channel: Channel, password: String, port: String, database: String, folder: URL
    ) throws -> (arguments: [String], environment: [String: String]) {
        let keyValue = "host=127.0.0.1 port=\(port) user=postgres dbname=\(database) connect_timeout=3"
        let uri = "postgresql://postgres:\(password)@127.0.0.1:\(port)/\(database)?connect_timeout=3"
        var environment = ["HOME": folder.path]
        switch channel {
        case .uri: return (["--executor", uri], environment)
        case .keyValue: return (["--executor", keyValue + " password=\(password)"], environment)
        case .environmentPassword:
            environment["PGPASSWORD"] = password
            return (["--executor", keyValue], environment)
        case .pgpass:
            let pgpass = folder.appendingPathComponent(".pgpass").path
            try "127.0.0.1:\(port):*:postgres:\(password)\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
            chmod(pgpass, 0o600)
            return (["--executor", keyValue], environment)
        case .configFile:
            let config = folder.appendingPathComponent("aegis-audit.toml").path
            try """
            [sources.executor]
            url = "\(uri)"
            """.write(toFile: config, atomically: true, encoding: .utf8)
            return (["--config", config], environment)
        case .environmentURL:
            environment["AEGIS_AUDIT_EXECUTOR"] = uri
            return ([], environment)
        }
    }

    @Test(arguments: Channel.allCases)
    func aPasswordNeverLeaks(through channel: Channel) throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 150)
        let password = TestPostgres.superuserPassword
        let folder = try makeTemporaryDirectory("secret-\(channel.rawValue)")
        let cache = folder.appendingPathComponent("c.sqlite").path
        let sinks = SecretSinks(secrets: [password], folder: folder)
        let (arguments, environment) = try setUp(
            channel, password: password, port: TestPostgres.port, database: databases.executor, folder: folder)
        let result = try CLIRunner.run(["sync", "--cache", cache] + arguments, environment: environment)
        try #require(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("executor.action_audit_logs"))
        sinks.expectAbsent(from: result, "sync")
        try sinks.expectCacheAndExportsClean(cache: cache)
        let status = try CLIRunner.run(["status", "--cache", cache])
        #expect(status.status == 0)
        #expect(
            status.standardOutput.contains("postgresql://postgres@127.0.0.1:\(TestPostgres.port)/\(databases.executor)")
        )
        let verify = try CLIRunner.run(["verify", "--cache", cache] + arguments, environment: environment)
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        sinks.expectAbsent(from: verify, "verify")
    }

    /// The same channels with a wrong password, and with the right one to a closed port: one
    /// line, exit 3, no password, the cache untouched.
    @Test(arguments: Channel.allCases)
    func errorPathsNeverShowThePassword(through channel: Channel) throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 150)
        let wrong = "Wrong-Pa55-\(channel.rawValue)"
        let folder = try makeTemporaryDirectory("secret-errors-\(channel.rawValue)")
        let cache = folder.appendingPathComponent("c.sqlite").path
        let good = try CLIRunner.run([
            "sync", "--cache", cache, "--quiet", "--executor", TestPostgres.superuserURI(database: databases.executor),
        ])
        try #require(good.status == 0, "\(good.standardError)")
        let before = fileBytes(cache)
        let sinks = SecretSinks(secrets: [wrong, TestPostgres.superuserPassword], folder: folder)
        let attempts = [
            ("wrong password", wrong, TestPostgres.port, "authentication failed"),
            ("closed port", TestPostgres.superuserPassword, "1", "server unreachable"),
        ]
        for (name, password, port, mentions) in attempts {
            let (arguments, environment) = try setUp(
                channel, password: password, port: port, database: databases.executor, folder: folder)
            for command in ["sync", "verify"] {
                let result = try CLIRunner.run([command, "--cache", cache] + arguments, environment: environment)
                #expect(result.status == 3, "\(name), \(command): \(result.standardError)")
                #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
                #expect(result.standardError.contains(mentions), "\(name), \(command): \(result.standardError)")
                sinks.expectAbsent(from: result, "\(command) with a \(name)")
                #expect(fileBytes(cache) == before, "\(name), \(command): the cache is untouched")
            }
        }
    }
}
