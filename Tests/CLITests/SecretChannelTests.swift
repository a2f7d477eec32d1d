import Foundation
import TestSupport
import Testing

/// A password given by any channel libpq or our config accepts never appears in output, in
/// the cache file, or in the sync records.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct SecretChannelTests {
    enum Channel: String, CaseIterable, Sendable {
        case uri, keyValue, environmentPassword, pgpass, configFile, environmentURL
    }

    @Test(arguments: Channel.allCases)
    func aPasswordNeverLeaks(through channel: Channel) throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 150)
        let password = TestPostgres.superuserPassword
        let folder = try makeTemporaryDirectory("secret-\(channel.rawValue)")
        let cache = folder.appendingPathComponent("c.sqlite").path
        let keyValue = TestPostgres.connectionString(database: databases.executor)
        var arguments = ["sync", "--cache", cache]
        var environment = ["HOME": folder.path]
        switch channel {
        case .uri: arguments += ["--executor", TestPostgres.superuserURI(database: databases.executor)]
        case .keyValue: arguments += ["--executor", keyValue + " password=\(password)"]
        case .environmentPassword:
            arguments += ["--executor", keyValue]
            environment["PGPASSWORD"] = password
        case .pgpass:
            let pgpass = folder.appendingPathComponent(".pgpass").path
            try "127.0.0.1:\(TestPostgres.port):*:postgres:\(password)\n".write(
                toFile: pgpass, atomically: true, encoding: .utf8)
            chmod(pgpass, 0o600)
            arguments += ["--executor", keyValue]
        case .configFile:
            let config = folder.appendingPathComponent("aegis-audit.toml").path
            try """
            [sources.executor]
            url = "\(TestPostgres.superuserURI(database: databases.executor))"
            """.write(toFile: config, atomically: true, encoding: .utf8)
            arguments += ["--config", config]
        case .environmentURL:
            environment["AEGIS_AUDIT_EXECUTOR"] = TestPostgres.superuserURI(database: databases.executor)
        }
        let result = try CLIRunner.run(arguments, environment: environment)
        try #require(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("executor.action_audit_logs"))
        #expect(!result.standardOutput.contains(password))
        #expect(!result.standardError.contains(password))
        for suffix in ["", "-wal", "-shm"] {
            if let bytes = fileBytes(cache + suffix) {
                #expect(bytes.range(of: Data(password.utf8)) == nil, "the cache\(suffix) holds the password")
            }
        }
        let status = try CLIRunner.run(["status", "--cache", cache])
        #expect(status.status == 0)
        #expect(
            status.standardOutput.contains("postgresql://postgres@127.0.0.1:\(TestPostgres.port)/\(databases.executor)")
        )
        #expect(!status.standardOutput.contains(password))

        var info = stat()
        #expect(stat(cache, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600, "the cache is private to its owner")
    }
}
