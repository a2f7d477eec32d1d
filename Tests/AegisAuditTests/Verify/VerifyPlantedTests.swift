import AegisAudit
import AegisSources
import Crypto
import Foundation
import TestSupport
import Testing

/// `verify` on a planted case: after a sync, rows are deleted, rewritten and back-dated at the
/// source, and the cache file is edited behind the tool's back; each is reported, located.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct VerifyPlantedTests {
    /// Runs `verify` and returns every finding.
    private func verify(
        _ harness: SyncHarness, _ databases: (backend: String, executor: String), cacheOnly: Bool = false
    )
        throws -> (findings: [VerifyFinding], report: VerifyReport)
    {
        var options = VerifyOptions(
            cachePath: harness.cachePath,
            sources: [
                SourceSpec(role: .backend, connectionString: withPassword(databases.backend)),
                SourceSpec(role: .executor, connectionString: withPassword(databases.executor)),
            ])
        options.checkSources = !cacheOnly
        let box = FindingBox()
        let report = try Verifier.run(options, redactor: SecretRedactor()) { box.items.append($0) }
        return (box.items, report)
    }

    private func withPassword(_ database: String) -> String {
        TestPostgres.connectionString(database: database) + " password=\(TestPostgres.superuserPassword)"
    }

    private func someIDs(_ table: String, _ database: String, count: Int) throws -> [String] {
        try TestPostgres.psql("SELECT id FROM \(table) ORDER BY created_at LIMIT \(count)", database: database)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func aCleanSyncVerifiesCleanAndSoDoesTheNext() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 300)
        let harness = try SyncHarness(label: "verify-clean")
        try harness.sync(backend: databases.backend, executor: databases.executor)
        let first = try verify(harness, databases)
        #expect(first.findings.isEmpty, "\(first.findings.map(\.summary))")
        #expect(first.report.isClean)
        #expect(first.report.tables.contains { $0.table == "audit_events" && $0.matching == 300 })
        #expect(first.report.cache?.runsChecked == 1)

        try harness.sync(backend: databases.backend, executor: databases.executor)
        let second = try verify(harness, databases)
        #expect(second.findings.isEmpty, "\(second.findings.map(\.summary))")
        #expect(second.report.cache?.runsChecked == 2)
        #expect(second.report.cache?.chainHead?.count == 64)
        #expect(second.report.cache?.chainHead != first.report.cache?.chainHead)
    }

    @Test func eachPlantedChangeIsReportedWhereItHappened() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 300)
        let harness = try SyncHarness(label: "verify-planted")
        try harness.sync(backend: databases.backend, executor: databases.executor)
        let ids = try someIDs("audit_events", databases.backend, count: 3)
        let (deleted, rewritten, editedInCache) = (ids[0], ids[1], ids[2])
        let backdated = "00000000-0000-4000-8000-0000000000bd"
        let originalIP = try #require(
            try harness.text("SELECT ip_address FROM audit_events WHERE id = ?1", [rewritten]))
        try TestPostgres.psql(
            """
            DELETE FROM audit_events WHERE id = '\(deleted)';
            UPDATE audit_events SET ip_address = '203.0.113.66' WHERE id = '\(rewritten)';
            INSERT INTO audit_events (id, event_type, user_id, ip_address, created_at)
            VALUES ('\(backdated)', 'auth_login_success', NULL, '198.51.100.250',
                    (SELECT min(created_at) FROM audit_events) + interval '1 hour');
            """, database: databases.backend)
        // Behind the tool's back: a column edited, a run record altered, a row removed.
        let removed = try #require(try someIDs("policy_audit_logs", databases.backend, count: 1).first)
        let file = try SQLiteDatabase(path: harness.cachePath)
        try file.execute(
            """
            UPDATE audit_events SET user_agent = 'curl/8.0' WHERE id = '\(editedInCache)';
            UPDATE sync_runs SET options = replace(options, '"full": false', '"full": true') WHERE id = 1;
            DELETE FROM policy_audit_logs WHERE id = '\(removed)';
            """)

        let (findings, report) = try verify(harness, databases)
        func only(_ kind: VerifyFinding.Kind) -> [VerifyFinding] { findings.filter { $0.kind == kind } }

        let gone = only(.deletedAtSource)
        #expect(gone.map(\.id) == [deleted])
        #expect(gone.first?.table == "audit_events" && gone.first?.source == "backend" && gone.first?.syncID == 1)

        let changed = only(.changedAtSource)
        #expect(changed.map(\.id) == [rewritten])
        #expect(
            changed.first?.changes
                == [VerifyFinding.FieldChange(column: "ip_address", cached: originalIP, source: "203.0.113.66")])
        #expect(changed.first?.syncID == 1)

        // The back-dated insert, and the row removed from the cache, which the source still has.
        #expect(Set(only(.backdatedInsert).map(\.id)) == [backdated, removed])
        #expect(only(.backdatedInsert).first { $0.id == removed }?.table == "policy_audit_logs")

        let edited = only(.cacheRowHashMismatch)
        #expect(edited.map(\.id) == [editedInCache])
        #expect(edited.first?.table == "audit_events" && edited.first?.syncID == 1)

        let chain = only(.cacheChainBroken)
        #expect(chain.map(\.syncID) == [1])
        #expect(chain.first?.summary.contains("record") == true)

        let digest = only(.cacheRowsDigestMismatch)
        #expect(digest.count == 1)
        #expect(digest.first?.table == "policy_audit_logs" && digest.first?.source == "backend")
        #expect(digest.first?.syncID == 1)
        #expect(digest.first?.summary.contains("deleted") == true)

        #expect(findings.count == 7, "nothing else: \(findings.map(\.summary))")
        #expect(report.findings == findings.count)
        #expect(!report.isClean)
    }

    @Test func aRowRewrittenWithItsHashIsStillLocatedToItsRunAndTable() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 200)
        let harness = try SyncHarness(label: "verify-rehashed")
        try harness.sync(backend: databases.backend, executor: databases.executor)
        try harness.sync(backend: databases.backend, executor: databases.executor)
        // Someone who knows how row hashes are made (docs/cache.md) rewrites a row and its hash:
        // the row checks out, only the seal of the run that wrote it can tell.
        let id = try #require(try someIDs("audit_events", databases.backend, count: 1).first)
        let file = try SQLiteDatabase(path: harness.cachePath)
        try file.execute("UPDATE audit_events SET ip_address = '192.0.2.1' WHERE id = '\(id)'")
        let columns = "id, event_type, user_id, entity_type, entity_id, details, ip_address, user_agent, created_at"
        let row = try file.prepare("SELECT \(columns) FROM audit_events WHERE id = ?1")
        row.bind(1, id)
        try #require(try row.step())
        var framed: [UInt8] = []
        for index in 0..<row.columnCount {
            guard let text = row.text(index) else {
                framed.append(0)
                continue
            }
            let bytes = Array(text.utf8), length = UInt32(bytes.count)
            framed += [
                1, UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff),
            ]
            framed += bytes
        }
        let update = try file.prepare("UPDATE audit_events SET row_hash = ?1 WHERE id = ?2")
        update.bindBlob(1, Array(SHA256.hash(data: framed)))
        update.bind(2, id)
        try update.step()

        let (findings, _) = try verify(harness, databases, cacheOnly: true)
        #expect(findings.map(\.kind) == [.cacheRowsDigestMismatch], "\(findings.map(\.summary))")
        #expect(findings.first?.table == "audit_events" && findings.first?.source == "backend")
        #expect(findings.first?.syncID == 1)
        #expect(findings.first?.summary.contains("rewritten") == true)
        // Against the source, the row itself is found.
        let (withSources, _) = try verify(harness, databases)
        #expect(withSources.filter { $0.kind == .changedAtSource }.map(\.id) == [id])
    }

    @Test func aDroppedOptionalTableIsEveryRowDeleted() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 200)
        let harness = try SyncHarness(label: "verify-dropped")
        try harness.sync(backend: databases.backend, executor: databases.executor)
        let cached = try #require(try harness.integer("SELECT count(*) FROM execution_errors"))
        try #require(cached > 0)
        try TestPostgres.psql("DROP TABLE execution_errors", database: databases.executor)
        let (findings, _) = try verify(harness, databases)
        #expect(findings.count == Int(cached), "\(findings.prefix(3).map(\.summary))")
        #expect(findings.allSatisfy { $0.kind == .deletedAtSource && $0.table == "execution_errors" })
        #expect(findings.allSatisfy { $0.source == "executor" && $0.syncID == 1 })
    }

    @Test func runsSyncedBeforeTheChainAreSealedByTheNextSync() throws {
        let databases = try GeneratedData.load(dialect: .snake, rows: 200)
        let harness = try SyncHarness(label: "verify-legacy")
        try harness.sync(backend: databases.backend, executor: databases.executor)
        // As a cache synced by the release before the chain looks once migrated: no seals yet.
        let file = try SQLiteDatabase(path: harness.cachePath)
        try file.execute(
            """
            UPDATE sync_runs SET rows_digest = NULL, previous_hash = NULL, record_hash = NULL, sealed_by_sync_id = NULL;
            UPDATE sync_run_tables SET rows_sealed = NULL, rows_digest = NULL;
            """)
        let old = try verify(harness, databases, cacheOnly: true)
        #expect(old.findings.isEmpty, "\(old.findings.map(\.summary))")
        #expect(old.report.cache?.unsealed == [1])
        #expect(old.report.cache?.runsChecked == 0)

        try harness.sync(backend: databases.backend, executor: databases.executor)
        let sealed = try verify(harness, databases)
        #expect(sealed.findings.isEmpty, "\(sealed.findings.map(\.summary))")
        #expect(sealed.report.cache?.runsChecked == 2)
        #expect(sealed.report.cache?.sealedLater.map { "\($0.run) by \($0.by)" } == ["1 by 2"])

        try file.execute("UPDATE sync_run_sources SET database_user = 'someone_else' WHERE sync_id = 1")
        let tampered = try verify(harness, databases, cacheOnly: true)
        #expect(tampered.findings.map(\.kind) == [.cacheChainBroken])
        #expect(tampered.findings.first?.syncID == 1)
    }
}

/// Collects findings from the callback.
final class FindingBox: @unchecked Sendable {
    var items: [VerifyFinding] = []
}
