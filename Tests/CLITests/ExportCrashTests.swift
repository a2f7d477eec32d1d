import Foundation
import TestSupport
import Testing

/// `aegis-audit export` and `query --output` killed with SIGKILL at random points never leave a
/// partial file under the final name, nor a manifest that does not describe the file beside
/// it: the name holds the previous export or the complete new one, and whenever a manifest is
/// there `verify-export` passes. The kill points come from a printed seed (`AEGIS_TEST_SEED`).
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct ExportCrashTests {
    static let killsPerCommand = 10

    enum Command: String, CaseIterable, Sendable {
        case export, query

        /// Writes a large result (or, `old`, a small one) to `path`.
        func arguments(cache: String, path: String, old: Bool = false) -> [String] {
            switch self {
            case .export:
                [
                    "export", "--cache", cache, "--table", old ? "users" : "audit_events", "--format", "csv",
                    "--output", path,
                ]
            case .query:
                [
                    "query", "--cache", cache, "--format", "jsonl", "--output", path,
                    old ? "from users" : "from policy_audit_logs",
                ]
            }
        }
    }

    @Test(arguments: Command.allCases)
    func aKilledExportLeavesTheOldFileOrTheWholeNewOne(_ command: Command) throws {
        var random = SeededRandom.fromEnvironment()
        print("ExportCrashTests.\(command): seed \(random.seed) (AEGIS_TEST_SEED=\(random.seed) replays it)")
        let databases = try GeneratedData.load(dialect: .snake, rows: 12_000)
        let folder = try makeTemporaryDirectory("export-crash")
        let cache = folder.appendingPathComponent("c.sqlite").path
        let synced = try CLIRunner.run([
            "sync", "--cache", cache, "--quiet", "--backend", TestPostgres.superuserURI(database: databases.backend),
        ])
        try #require(synced.status == 0, "\(synced.standardError)")

        let target = folder.appendingPathComponent("evidence.out").path
        let manifest = target + ".manifest.json"
        let reference = folder.appendingPathComponent("reference.out").path
        let started = Date()
        try #require(try CLIRunner.run(command.arguments(cache: cache, path: reference)).status == 0)
        let duration = Date().timeIntervalSince(started)
        let new = try #require(fileBytes(reference))
        try #require(try CLIRunner.run(command.arguments(cache: cache, path: target, old: true)).status == 0)
        let old = try #require(fileBytes(target))
        let oldManifest = try #require(fileBytes(manifest))

        var killed = 0
        var round = 0
        while killed < Self.killsPerCommand && round < 3 * Self.killsPerCommand {
            round += 1
            try old.write(to: URL(fileURLWithPath: target))
            try oldManifest.write(to: URL(fileURLWithPath: manifest))
            let delay = Double.random(in: 0...(duration * 1.05), using: &random)
            let process = try CLIRunner.start(command.arguments(cache: cache, path: target))
            Thread.sleep(forTimeInterval: delay)
            let sent = process.kill()
            let result = process.wait()
            let context = "seed \(random.seed), round \(round), killed after \(String(format: "%.3f", delay)) s"
            if sent && result.status == 128 + SIGKILL {
                killed += 1
            } else {
                #expect(result.status == 0, "\(context): \(result.standardError)")
            }
            let now = fileBytes(target)
            #expect(now == old || now == new, "\(context): \(now?.count ?? -1) bytes under the final name")
            if FileManager.default.fileExists(atPath: manifest) {
                let verified = try CLIRunner.run(["verify-export", target])
                #expect(verified.status == 0, "\(context): a stale manifest: \(verified.standardOutput)")
            }
        }
        print("ExportCrashTests.\(command): \(killed) exports killed mid-way in \(round) runs (seed \(random.seed))")
        #expect(killed == Self.killsPerCommand, "the kills land while the export runs (seed \(random.seed))")
        let partial = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasPrefix(".evidence.out.partial-")
        }
        for name in partial {
            var info = stat()
            #expect(stat(folder.appendingPathComponent(name).path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        }
    }
}
