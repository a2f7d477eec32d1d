import AegisAudit
import AegisSources
import Foundation
import TestSupport
import Testing

/// `verify` re-pulls the Loki windows a sync already pulled and compares entry hashes: an
/// entry gone from Loki, or one that appeared inside a pulled window, is reported.
@Suite struct VerifyLokiTests {
    private let labels = ["job": "aegis-backend", "level": "info", "pod": "api-0"]

    private func entries(_ count: Int) -> [FakeLokiServer.Entry] {
        (0..<count).map { index in
            FakeLokiServer.Entry(
                labels: labels, timestamp: day(Int64(index) * 60, nanos: 500),
                line: #"{"level":"info","message":"request \#(index)","ip":"10.0.0.\#(index % 200)"}"#)
        }
    }

    /// Verifies the cache against `server` only (no database).
    private func verify(_ cachePath: String, against server: FakeLokiServer) throws -> [VerifyFinding] {
        if server.port == 0 { try server.start() }
        var options = VerifyOptions(cachePath: cachePath)
        var spec = LokiSyncSpec(settings: LokiSettings(address: server.baseURL))
        spec.chunkSeconds = 1800
        spec.retry = RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.02, maxRetryAfter: 1)
        options.loki = spec
        let box = FindingBox()
        _ = try Verifier.run(options, redactor: SecretRedactor()) { box.items.append($0) }
        return box.items
    }

    @Test func aPulledWindowStillInLokiVerifiesClean() throws {
        let server = FakeLokiServer()
        server.add(entries(180))
        var harness = try LokiSyncHarness(server: server, label: "verify-loki-clean")
        harness.chunkSeconds = 1800
        try harness.sync(from: day(0), until: day(3 * 3600))
        let findings = try verify(harness.cachePath, against: server)
        #expect(findings.isEmpty, "\(findings.map(\.summary))")
    }

    @Test func anEntryOrAWindowRecordEditedInTheCacheIsLocated() throws {
        let server = FakeLokiServer()
        server.add(entries(120))
        var harness = try LokiSyncHarness(server: server, label: "verify-loki-edited")
        harness.chunkSeconds = 1800
        try harness.sync(from: day(0), until: day(2 * 3600))
        let file = try SQLiteDatabase(path: harness.cachePath)
        try file.execute(
            """
            UPDATE loki_entries SET line = replace(line, 'request 5"', 'request 5 (edited)"') WHERE ts_ns = \(day(300, nanos: 500));
            UPDATE loki_windows SET entries_counted = entries_counted - 1 WHERE start_ns = \(day(1800));
            """)
        let edited = try #require(try harness.integer("SELECT id FROM loki_entries WHERE line LIKE '%(edited)%'"))
        let findings = try verify(harness.cachePath, against: server)
        #expect(findings.map(\.kind) == [.cacheRowHashMismatch, .cacheChainBroken], "\(findings.map(\.summary))")
        #expect(findings.first?.id == String(edited) && findings.first?.table == "loki_entries")
        #expect(findings.last?.syncID == 1)
    }

    @Test func anEntryGoneFromLokiAndOneAddedInAPulledWindowAreReported() throws {
        let original = entries(180)
        let server = FakeLokiServer()
        server.add(original)
        var harness = try LokiSyncHarness(server: server, label: "verify-loki")
        harness.chunkSeconds = 1800
        try harness.sync(from: day(0), until: day(3 * 3600))
        let removed = original[77]
        let removedID = try #require(
            try harness.integer("SELECT id FROM loki_entries WHERE ts_ns = \(removed.timestamp)"))

        // The same Loki, later: one entry deleted, one inserted an hour into the pulled time.
        let later = FakeLokiServer()
        var changed = original
        changed.remove(at: 77)
        changed.append(
            FakeLokiServer.Entry(labels: labels, timestamp: day(3600, nanos: 7), line: "planted after the pull"))
        later.add(changed)
        let findings = try verify(harness.cachePath, against: later)

        let missing = findings.filter { $0.kind == .lokiEntriesMissing }
        #expect(missing.map(\.id) == [String(removedID)])
        #expect(missing.first?.syncID == 1)
        #expect(missing.first?.time == "2026-11-25T01:17:00.000000Z")
        let added = findings.filter { $0.kind == .lokiEntriesAdded }
        #expect(added.count == 1)
        #expect(added.first?.summary.contains("planted after the pull") == true)
        #expect(added.first?.time == "2026-11-25T01:00:00.000000Z")
        #expect(findings.count == 2, "\(findings.map(\.summary))")
    }
}
