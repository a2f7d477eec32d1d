import Foundation
import TestSupport
import Testing

/// A sync that runs out of space fails with one line naming the cache and the reason, exits 4,
/// and leaves the previous cache byte for byte as it was (and verifying clean).
///
/// Two honest ways to run out: a small tmpfs mounted for the test (needs root, as in this
/// project's CI container: the real ENOSPC, SQLite's "database or disk is full"), and, for
/// anyone, a file size limit (`ulimit -f`, RLIMIT_FSIZE, with SIGXFSZ ignored so that the
/// write fails with EFBIG instead of killing the process: SQLite's "disk I/O error", with
/// "(File too large)" when SQLite still holds the system's reason).
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct DiskFullTests {
    @Test(.enabled(if: SmallFilesystem.isPossible, "mounting a tmpfs needs root"))
    func aFullFilesystem() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 4_000)
        let size = try firstCacheSize(executor: databases.executor)
        let filesystem = try SmallFilesystem(bytes: 2 * size + 1_048_576)
        defer { filesystem.unmount() }
        let cache = filesystem.path + "/c.sqlite"
        try expectFullDiskFailure(
            cache: cache, databases: databases, mentions: "database or disk is full",
            run: { try CLIRunner.run($0, environment: $1) })
    }

    @Test func aFileSizeLimit() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 4_000)
        let size = try firstCacheSize(executor: databases.executor)
        let cache = try makeTemporaryDirectory("fsize").appendingPathComponent("c.sqlite").path
        let kilobytes = size / 1024 + 512
        try expectFullDiskFailure(
            cache: cache, databases: databases, mentions: "disk I/O error",
            run: { arguments, environment in
                let quoted = ([CLIRunner.executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
                let command = "trap '' XFSZ; ulimit -f \(kilobytes); exec \(quoted)"
                var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
                merged.merge(environment) { _, new in new }
                return try ProcessRunner.run("/bin/bash", ["-c", command], environment: merged)
            },
            firstSyncUnlimited: true)
    }

    /// The size of a cache holding the executor's tables.
    private func firstCacheSize(executor: String) throws -> Int {
        let path = try makeTemporaryDirectory("fsize-probe").appendingPathComponent("c.sqlite").path
        let result = try CLIRunner.run(
            ["sync", "--cache", path, "--quiet", "--executor", TestPostgres.superuserURI(database: executor)])
        try #require(result.status == 0, "\(result.standardError)")
        return try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    /// Syncs the executor (fits), then both databases (does not): the second run must fail cleanly.
    private func expectFullDiskFailure(
        cache: String, databases: (backend: String, executor: String), mentions reason: String,
        run: ([String], [String: String]) throws -> ProcessRunner.Result, firstSyncUnlimited: Bool = false
    ) throws {
        let executor = ["--executor", TestPostgres.connectionString(database: databases.executor)]
        let environment = ["PGPASSWORD": TestPostgres.superuserPassword]
        let first =
            firstSyncUnlimited
            ? try CLIRunner.run(["sync", "--cache", cache, "--quiet"] + executor, environment: environment)
            : try run(["sync", "--cache", cache, "--quiet"] + executor, environment)
        try #require(first.status == 0, "\(first.standardError)")
        let before = try #require(fileBytes(cache))
        let content = try CacheContent(path: cache)

        let second = try run(
            ["sync", "--cache", cache, "--backend", TestPostgres.connectionString(database: databases.backend)]
                + executor, environment)
        #expect(second.status == 4, "\(second.standardError)")
        let lines = second.standardError.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(second.standardError)")
        #expect(second.standardError.hasPrefix("aegis-audit: error: cache \(cache): "))
        #expect(second.standardError.contains(reason), "\(second.standardError)")
        #expect(second.standardOutput.isEmpty)

        #expect(fileBytes(cache) == before, "the previous cache is byte for byte intact")
        #expect(try CacheContent(path: cache) == content)
        let verify = try CLIRunner.run(["verify", "--cache", cache, "--cache-only"])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
    }
}

/// A tmpfs of a given size, mounted on a fresh folder (root only).
struct SmallFilesystem {
    let path: String

    /// Whether this process may mount one (it is root and `mount -t tmpfs` works).
    static let isPossible: Bool = {
        guard getuid() == 0, let probe = try? SmallFilesystem(bytes: 1_048_576) else { return false }
        probe.unmount()
        return true
    }()

    init(bytes: Int) throws {
        path = try makeTemporaryDirectory("tmpfs").path
        let result = try ProcessRunner.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", path])
        guard result.status == 0 else { throw MountFailure(reason: result.standardError) }
    }

    func unmount() {
        _ = try? ProcessRunner.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// `mount` refused.
struct MountFailure: Error {
    let reason: String
}
