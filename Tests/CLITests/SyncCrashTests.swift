import Foundation
import TestSupport
import Testing

/// `aegis-audit sync` killed with SIGKILL at random points, then run again, ends with exactly
/// the cache an uninterrupted sync makes: same rows (by source, id and row hash), Loki entries
/// and history, no duplicates, no gaps, and `verify --cache-only` clean. After every kill the
/// cache holds either what it held before that run or everything the run was to write, never
/// part of a run. The kill points come from a printed seed (`AEGIS_TEST_SEED` replays them).
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct SyncCrashTests {
    /// Kills of a first (or `--full`) sync, then kills of an incremental one: 22 in all.
    static let firstSyncKills = 12
    static let incrementalSyncKills = 10

    @Test func killedSyncsResumeToTheCacheAnUninterruptedSyncMakes() throws {
        var random = SeededRandom.fromEnvironment()
        print("SyncCrashTests: seed \(random.seed) (AEGIS_TEST_SEED=\(random.seed) replays these kill points)")
        let databases = try GeneratedData.load(dialect: .snake, rows: 12_000)
        let loki = FakeLokiServer()
        try loki.start()
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        loki.add(Self.lokiEntries(count: 3_000, from: now - 7_000 * 1_000_000_000, until: now - 1_000_000_000))
        let folder = try makeTemporaryDirectory("crash")
        let reference = folder.appendingPathComponent("reference.sqlite").path
        let victim = folder.appendingPathComponent("victim.sqlite").path
        let run = CrashRun(
            backend: databases.backend, executor: databases.executor, loki: loki.baseURL, seed: random.seed)

        // 1. A first sync, killed again and again (each retry re-reads everything with --full).
        let firstDuration = try run.uninterrupted(cache: reference)
        let empty: CacheContent? = nil
        let first = try CacheContent(path: reference)
        try run.killRepeatedly(
            cache: victim, times: Self.firstSyncKills, within: firstDuration, full: true, before: empty, after: first,
            random: &random)
        try run.complete(cache: victim, expected: first)

        // 2. New rows, rows completed at the source, a policy and a user changed, new Loki entries.
        try Self.changeSources(databases)
        let later = Int64(Date().timeIntervalSince1970 * 1e9)
        loki.add(Self.lokiEntries(count: 800, from: later - 120 * 1_000_000_000, until: later - 1_000_000_000))
        let secondDuration = try run.uninterrupted(cache: reference)
        let second = try CacheContent(path: reference)
        #expect(second != first, "the second sync has something to write")
        #expect((second.tables["action_audit_logs_history"]?.count ?? 0) > 0, "and versions to keep")
        try run.killRepeatedly(
            cache: victim, times: Self.incrementalSyncKills, within: secondDuration, full: false, before: first,
            after: second, random: &random)
        try run.complete(cache: victim, expected: second)
    }

    /// JSON log lines of the backend, evenly spread over [from, until).
    static func lokiEntries(count: Int, from: Int64, until: Int64) -> [FakeLokiServer.Entry] {
        let step = (until - from) / Int64(count)
        return (0..<count).map { index in
            FakeLokiServer.Entry(
                labels: ["job": "aegis-backend", "level": index % 7 == 0 ? "warn" : "info"],
                timestamp: from + Int64(index) * step,
                line:
                    #"{"level":"info","message":"request \#(index) at \#(from)","userId":"user-\#(index % 40)","ip":"10.0.\#(index % 200).\#(index % 250)"}"#
            )
        }
    }

    /// Changes both databases the way a live Aegis would between two syncs (and a little more).
    static func changeSources(_ databases: (backend: String, executor: String)) throws {
        try TestPostgres.psql(
            """
            ALTER TABLE action_audit_logs DISABLE RULE action_audit_logs_no_update;
            UPDATE action_audit_logs SET status = 'completed', completed_at = created_at + interval '3 seconds',
                execution_duration = 3000
            WHERE status IN ('pending', 'in_progress');
            INSERT INTO action_audit_logs (id, action_type, status, namespace, resource_type, resource_name,
                action_params, requested_by, created_at)
            SELECT gen_random_uuid(), action_type, status, namespace, resource_type, resource_name, action_params,
                requested_by, (SELECT max(created_at) FROM action_audit_logs) + interval '1 second' * row_number() OVER ()
            FROM action_audit_logs ORDER BY id LIMIT 3000;
            """, database: databases.executor)
        try TestPostgres.psql(
            """
            INSERT INTO audit_events (id, event_type, user_id, ip_address, user_agent, details, created_at)
            SELECT gen_random_uuid(), event_type, user_id, ip_address, user_agent, details,
                (SELECT max(created_at) FROM audit_events) + interval '1 second' * row_number() OVER ()
            FROM audit_events ORDER BY id LIMIT 2000;
            UPDATE policies SET effect = CASE effect WHEN 'deny' THEN 'allow' ELSE 'deny' END
            WHERE id = (SELECT id FROM policies ORDER BY id LIMIT 1);
            UPDATE users SET last_login = now() WHERE id = (SELECT id FROM users ORDER BY id LIMIT 1);
            """, database: databases.backend)
    }
}

/// One source set and the sync command line that copies it.
private struct CrashRun {
    let backend: String
    let executor: String
    let loki: String
    let seed: UInt64

    func arguments(cache: String, full: Bool = false) -> [String] {
        [
            "sync", "--cache", cache, "--quiet", "--backend", TestPostgres.connectionString(database: backend),
            "--executor", TestPostgres.connectionString(database: executor), "--loki", loki, "--since", "3h",
            "--loki-chunk", "20m",
        ] + (full ? ["--full"] : [])
    }

    var environment: [String: String] { ["PGPASSWORD": TestPostgres.superuserPassword] }

    /// Syncs without interruption; returns how long it took, in seconds.
    func uninterrupted(cache: String) throws -> Double {
        let started = Date()
        let result = try CLIRunner.run(arguments(cache: cache), environment: environment)
        try #require(result.status == 0, "\(result.standardError)")
        return Date().timeIntervalSince(started)
    }

    /// Starts syncs and kills each after a random delay within 1.05 × `duration` until `times`
    /// kills landed while the sync ran (a sync that ended first must have succeeded); after
    /// each, the cache verifies clean and holds `before` or `after`, nothing in between.
    func killRepeatedly(
        cache: String, times: Int, within duration: Double, full: Bool, before: CacheContent?, after: CacheContent,
        random: inout SeededRandom
    ) throws {
        var killed = 0
        var round = 0
        while killed < times && round < 3 * times {
            round += 1
            let delay = Double.random(in: 0...(duration * 1.05), using: &random)
            let process = try CLIRunner.start(arguments(cache: cache, full: full), environment: environment)
            Thread.sleep(forTimeInterval: delay)
            let sent = process.kill()
            let result = process.wait()
            let context = "seed \(seed), round \(round), killed after \(String(format: "%.3f", delay)) s"
            if sent && result.status == 128 + SIGKILL {
                killed += 1
            } else {
                #expect(result.status == 0, "\(context): \(result.standardError)")
            }
            // No file, or an empty one: killed before the first sync wrote anything.
            guard let bytes = fileBytes(cache), !bytes.isEmpty else {
                #expect(before == nil, "\(context): the cache file disappeared or was emptied")
                continue
            }
            let verify = try CLIRunner.run(["verify", "--cache", cache, "--cache-only"])
            #expect(verify.status == 0, "\(context): \(verify.standardOutput)\(verify.standardError)")
            let content = try CacheContent(path: cache)
            let whole = content == after || content == (before ?? Self.emptyContent(like: after))
            #expect(
                whole,
                "\(context): a partial run is visible: \(content.difference(from: after) ?? "") \(content.counts)")
        }
        print("SyncCrashTests: \(killed) syncs killed mid-way in \(round) runs (seed \(seed))")
        #expect(killed == times, "the kills land while the sync runs (seed \(seed))")
    }

    /// Runs the sync to its end; the cache then equals the uninterrupted one and verifies clean.
    func complete(cache: String, expected: CacheContent) throws {
        let result = try CLIRunner.run(arguments(cache: cache), environment: environment)
        try #require(result.status == 0, "seed \(seed): \(result.standardError)")
        let content = try CacheContent(path: cache)
        #expect(content == expected, "seed \(seed): \(content.difference(from: expected) ?? "")")
        let verify = try CLIRunner.run(["verify", "--cache", cache, "--cache-only"])
        #expect(verify.status == 0, "seed \(seed): \(verify.standardOutput)\(verify.standardError)")
        let integrity = try ProcessRunner.run("/usr/bin/sqlite3", [cache, "PRAGMA integrity_check"])
        #expect(integrity.standardOutput == "ok\n")
    }

    /// The content of a cache with no completed sync: every table empty.
    static func emptyContent(like content: CacheContent) -> CacheContent {
        CacheContent(tables: content.tables.mapValues { _ in [] })
    }
}
