import Foundation
import TestSupport
import Testing

/// A file under the cache's name that is not a cache this version may touch: random bytes,
/// another application's SQLite database, a cache from a newer version, a cache cut short.
/// Every command (sync too, with a working source) refuses it in one line naming the file,
/// exits 4, and leaves it byte for byte as it was, without a WAL or shared-memory file beside
/// it. A cache with a damaged page is reported by `verify`.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct HostileCacheFileTests {
    enum Kind: String, CaseIterable, Sendable {
        case randomBytes, otherApplication, newerVersion, truncated
    }

    /// A real cache to derive the hostile files from, and the executor it was synced from.
    private func realCache() throws -> (path: String, executor: String) {
        let databases = try GeneratedData.load(dialect: .snake, rows: 200)
        let path = try makeTemporaryDirectory("hostile-cache").appendingPathComponent("real.sqlite").path
        let result = try CLIRunner.run([
            "sync", "--cache", path, "--quiet", "--executor", TestPostgres.superuserURI(database: databases.executor),
        ])
        try #require(result.status == 0, "\(result.standardError)")
        return (path, databases.executor)
    }

    private func make(_ kind: Kind, from real: String) throws -> String {
        let path = try makeTemporaryDirectory("hostile-cache").appendingPathComponent("\(kind.rawValue).sqlite").path
        switch kind {
        case .randomBytes:
            var random = SeededRandom(seed: 9)
            try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &random) }).write(
                to: URL(fileURLWithPath: path))
        case .otherApplication:
            try ProcessRunner.run(
                "/usr/bin/sqlite3", [path, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')"])
        case .newerVersion:
            try FileManager.default.copyItem(atPath: real, toPath: path)
            try ProcessRunner.run("/usr/bin/sqlite3", [path, "PRAGMA user_version = 99"])
        case .truncated:
            try Data(try #require(fileBytes(real)).prefix(100)).write(to: URL(fileURLWithPath: path))
        }
        return path
    }

    static let mentions: [Kind: String] = [
        .randomBytes: "not an aegis-audit cache (not an SQLite database); refusing to touch it",
        .otherApplication: "not an aegis-audit cache (an SQLite database of another application); refusing to touch it",
        .newerVersion: "written by a newer aegis-audit (schema version 99; this version knows up to",
        .truncated: "not an aegis-audit cache (cut short: 100 bytes is not a whole number of 4096-byte pages)",
    ]

    @Test(arguments: Kind.allCases)
    func everyCommandRefusesItAndLeavesItAlone(_ kind: Kind) throws {
        let (real, executor) = try realCache()
        let path = try make(kind, from: real)
        let before = try #require(fileBytes(path))
        let commands: [[String]] = [
            ["sync", "--cache", path, "--executor", TestPostgres.superuserURI(database: executor)],
            ["status", "--cache", path],
            ["query", "--cache", path, "from audit_events | take 1"],
            ["export", "--cache", path, "--table", "audit_events", "--format", "csv", "--output", path + ".csv"],
            ["verify", "--cache", path, "--cache-only"],
        ]
        for command in commands {
            let result = try CLIRunner.run(command)
            #expect(result.status == 4, "\(command[0]): \(result.standardError)")
            #expect(
                result.standardError.split(separator: "\n").count == 1,
                "\(command[0]): one line: \(result.standardError)")
            #expect(result.standardError.hasPrefix("aegis-audit: error: cache \(path)"), "\(result.standardError)")
            #expect(result.standardError.contains(Self.mentions[kind]!), "\(command[0]): \(result.standardError)")
            #expect(fileBytes(path) == before, "\(command[0]) left the file as it was")
            for suffix in ["-wal", "-shm", "-journal", ".csv"] {
                #expect(!FileManager.default.fileExists(atPath: path + suffix), "\(command[0]) made \(suffix)")
            }
        }
    }

    /// What a first sync killed before its first write leaves: readers say so, a sync fills it.
    @Test func anEmptyFileIsNoCacheYetAndASyncFillsIt() throws {
        let (_, executor) = try realCache()
        let path = try makeTemporaryDirectory("hostile-cache").appendingPathComponent("empty.sqlite").path
        try Data().write(to: URL(fileURLWithPath: path))
        for command in [["status"], ["query", "from audit_events | take 1"], ["verify", "--cache-only"]] {
            let result = try CLIRunner.run(command + ["--cache", path])
            #expect(result.status == 4, "\(command[0]): \(result.standardError)")
            #expect(result.standardError.contains("an empty file: no sync has completed"), "\(result.standardError)")
            #expect(fileBytes(path)?.isEmpty == true)
        }
        let sync = try CLIRunner.run([
            "sync", "--cache", path, "--quiet", "--executor", TestPostgres.superuserURI(database: executor),
        ])
        #expect(sync.status == 0, "\(sync.standardError)")
        #expect(try CLIRunner.run(["verify", "--cache", path, "--cache-only"]).status == 0)
    }

    @Test func aDamagedPageIsReportedByVerify() throws {
        let (real, _) = try realCache()
        let path = real + ".damaged"
        var bytes = try #require(fileBytes(real))
        let pageSize = 4096
        let page = bytes.count / pageSize / 2
        bytes.replaceSubrange(page * pageSize..<(page + 1) * pageSize, with: Data(repeating: 0xFF, count: pageSize))
        try bytes.write(to: URL(fileURLWithPath: path))
        let result = try CLIRunner.run(["verify", "--cache", path, "--cache-only"])
        #expect(result.status != 0)
        #expect(
            (result.standardOutput + result.standardError).contains("integrity_check")
                || result.standardError.contains("malformed"), "\(result.standardOutput)\(result.standardError)")
        #expect(fileBytes(path) == bytes)
    }
}
